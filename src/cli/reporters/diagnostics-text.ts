// gcc-style rendering of core diagnostics: `file:line:col: severity: message [code]`,
// 1-based line and column, so editors and CI log parsers pick them up.

import type { Diagnostic } from '../../core/diag/diagnostic';
import { displayPath } from '../display-path';
import { oneLine } from '../terminal-safe';

const severityWord: Record<Diagnostic['severity'], string> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

export function formatDiagnostic(d: Diagnostic): string {
  const line = d.range.start.line + 1;
  const col = d.range.start.character + 1;
  return oneLine(
    `${displayPath(d.file)}:${line}:${col}: ${severityWord[d.severity]}: ${d.message} [${d.code}]`,
  );
}

export function formatDiagnostics(list: readonly Diagnostic[]): string {
  return list.map(formatDiagnostic).join('\n');
}
