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
  /** A binary patch: not applied, not analyzed. */
  binarySkipped: 'patch-binary-skipped',
  /** A path the diff names leads outside the base tree ('..', or a symbolic link out of it),
   *  or is not a regular file there (a FIFO, a device) or is over the size limit: not read, not applied. */
  pathOutside: 'patch-path-outside',
  /** A file the diff modifies is missing from the base. */
  baseMissing: 'patch-base-missing',
  /** Patchwork JSON (or an API page) that cannot be read. */
  invalidJson: 'patch-invalid-json',
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
