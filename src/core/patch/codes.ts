// Stable diagnostic codes of patch intake (reading mails, parsing diffs,
// applying hunks, series-wide number checks). Users filter on these: never rename.

import type { Diagnostic, Severity } from '../diag/diagnostic';
import type { Position } from '../text/position';

export const PatchCode = {
  /** A mail whose headers or MIME structure cannot be read. */
  malformedMail: 'patch-malformed-mail',
  /** A hunk that ends before the line counts of its `@@` header are met. */
  truncated: 'patch-truncated',
  /** A hunk whose lines are not found in the base file, even with offset and fuzz. */
  hunkFailed: 'patch-hunk-failed',
  /** A hunk applied at another line or with fuzz (informational, as `patch` prints it). */
  hunkOffset: 'patch-hunk-offset',
  /** A hunk whose new side is already in the base (`git apply` refuses it, GNU patch says "previously applied"). */
  alreadyApplied: 'patch-already-applied',
  /** A binary patch: not applied, not analyzed. */
  binarySkipped: 'patch-binary-skipped',
  /** A file the diff modifies is missing from the base. */
  baseMissing: 'patch-base-missing',
  /** Patchwork JSON (or an API page) that cannot be read. */
  invalidJson: 'patch-invalid-json',
  /** A Patchwork series marked `received_all: false`: some of its patches never arrived. */
  seriesIncomplete: 'patch-series-incomplete',
  /** A Patchwork server request that failed. */
  fetchFailed: 'patch-fetch-failed',
  /** A feature/ioctl number that changed between versions of one series. */
  numberChanged: 'feature-number-changed',
  /** Same code as the header check: one number claimed by two patches or series. */
  numberDuplicate: 'feature-number-duplicate',
} as const;

export function patchDiag(code: string, severity: Severity, file: string, at: Position, message: string): Diagnostic {
  return { code, severity, file, range: { start: at, end: at }, message };
}
