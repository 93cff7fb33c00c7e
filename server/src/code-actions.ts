// textDocument/codeAction: the quick fixes the core attached to a diagnostic
// (Diagnostic.fixes), which travel in the published diagnostic's `data`.
// The first fix of a diagnostic is the preferred one.

import type { CodeAction, CodeActionParams } from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import { fixesOf, toCodeAction } from './convert';

export function codeActions(params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
  const out: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'kpw') continue;
    fixesOf(diagnostic).forEach((fix, i) => out.push(toCodeAction(fix, diagnostic, i === 0)));
  }
  return out;
}
