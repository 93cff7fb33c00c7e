// The one place where core types become LSP types (and back): diagnostics,
// ranges, severities, fixes, file paths and URIs. Fixes travel inside the
// published diagnostic's `data`, so a code action never recomputes anything.

import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic as LspDiagnostic,
  type Range as LspRange,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, Fix, Severity } from '../../src/core/diag/diagnostic';
import type { Range } from '../../src/core/text/position';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a published diagnostic carries in `data`. */
export interface DiagnosticData {
  fixes: Fix[];
}

export function toLspRange(range: Range): LspRange {
  return { start: { ...range.start }, end: { ...range.end } };
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toLspRange(d.range),
    severity: severities[d.severity],
    code: d.code,
    source: 'kpw',
    message: d.message,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri: pathToUri(r.file), range: toLspRange(r.range) },
      message: r.message,
    }));
  }
  if (d.fixes?.length) out.data = { fixes: d.fixes } satisfies DiagnosticData;
  return out;
}

/** The fixes a published diagnostic carries (none when `data` is missing or foreign). */
export function fixesOf(d: LspDiagnostic): Fix[] {
  const data = d.data as Partial<DiagnosticData> | undefined;
  return Array.isArray(data?.fixes) ? data.fixes : [];
}

/** One quick fix as an LSP code action, its edits grouped by file URI. */
export function toCodeAction(fix: Fix, diagnostic: LspDiagnostic, preferred: boolean): CodeAction {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of fix.edits) {
    (changes[pathToUri(e.file)] ??= []).push({ range: toLspRange(e.range), newText: e.newText });
  }
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: preferred,
    edit: { changes },
  };
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Absolute paths' URIs, remembered: a header's build asks the editor's buffers about each file it
 *  probes or reads (overlay-host.ts), ~200 questions on vfio.h's 7 ABIs, again at every edit, and
 *  pathToFileURL costs ~5-10 us each. Bounded: emptied when it holds URI_MEMO_MAX paths. */
const uriMemo = new Map<string, string>();
const URI_MEMO_MAX = 8192;

export function pathToUri(path: string): string {
  let uri = uriMemo.get(path);
  if (uri !== undefined) return uri;
  uri = pathToFileURL(path).toString();
  // A relative path's URI depends on the working directory: not remembered.
  if (isAbsolute(path)) {
    if (uriMemo.size >= URI_MEMO_MAX) uriMemo.clear();
    uriMemo.set(path, uri);
  }
  return uri;
}
