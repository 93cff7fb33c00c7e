// Diagnostics of patch intake (reading mails, parsing diffs, applying hunks,
// series-wide number checks); their codes live in the one registry, diag/codes.ts.

export { PatchCode } from '../diag/codes';
import type { Diagnostic, Severity } from '../diag/diagnostic';
import type { Position } from '../text/position';

export function patchDiag(
  code: string,
  severity: Severity,
  file: string,
  at: Position,
  message: string,
): Diagnostic {
  return { code, severity, file, range: { start: at, end: at }, message };
}
