// The one place where core types become LSP types (and back): diagnostics,
// ranges, severities, file paths and URIs.

import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type Range as LspRange,
} from 'vscode-languageserver/node';
import type { Diagnostic, Severity } from '../../src/core/diag/diagnostic';
import type { Range } from '../../src/core/text/position';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspRange(range: Range): LspRange {
  return { start: { ...range.start }, end: { ...range.end } };
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: toLspRange(d.range),
    severity: severities[d.severity],
    code: d.code,
    source: 'kpw',
    message: d.message,
    relatedInformation: d.related?.map((r) => ({
      location: { uri: pathToUri(r.file), range: toLspRange(r.range) },
      message: r.message,
    })),
  };
}

export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).toString();
}
