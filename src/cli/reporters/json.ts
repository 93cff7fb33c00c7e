// `kpw check --format json`: an array of findings with 1-based lines and
// columns, the shape documented in docs/cli.md.

import type { Diagnostic } from '../../core/diag/diagnostic';
import { displayPath } from '../display-path';

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Diagnostic['severity'];
  code: string;
  message: string;
}

export function toJsonFindings(list: readonly Diagnostic[]): JsonFinding[] {
  return list.map((d) => ({
    file: displayPath(d.file),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  }));
}

export function formatJson(list: readonly Diagnostic[]): string {
  return JSON.stringify(toJsonFindings(list), null, 2);
}
