// Publishes the header model's diagnostics (preprocessor, parser, layout) for
// the open document, merged over all ABIs: one diagnostic per distinct problem.

import type { Connection } from 'vscode-languageserver/node';
import type { Diagnostic } from '../../src/core/diag/diagnostic';
import type { HeaderModel } from '../../src/core/model/header-model';
import { toLspDiagnostic } from './convert';

export function mergedDiagnostics(models: HeaderModel[], file: string): Diagnostic[] {
  const seen = new Map<string, Diagnostic>();
  for (const model of models) {
    for (const d of model.diagnostics) {
      if (d.file !== file) continue;
      const key = `${d.code}|${d.range.start.line}|${d.range.start.character}|${d.message}`;
      if (!seen.has(key)) seen.set(key, d);
    }
  }
  return [...seen.values()];
}

export function publishDiagnostics(connection: Connection, uri: string, models: HeaderModel[], file: string): void {
  void connection.sendDiagnostics({ uri, diagnostics: mergedDiagnostics(models, file).map(toLspDiagnostic) });
}
