// Whether a file named on the command line could not be read at all: a regular file whose
// read fails (`/proc/kmsg` would block, `/proc/self/mem` EIO) or that the host refuses.
// Such an input is exit 3 in every subcommand (docs/cli.md), never a clean 0 or a finding.

import type { Diagnostic } from '../core/diag/diagnostic';
import { DiagCode } from '../core/diag/codes';

/** True when a diagnostic says that one of `files` itself (not one of its includes) was not read. */
export function namedInputUnread(diagnostics: readonly Diagnostic[], files: readonly string[]): boolean {
  const named = new Set(files);
  return diagnostics.some(
    (d) =>
      (d.code === DiagCode.fileUnreadable || d.code === DiagCode.fileTooLarge) &&
      named.has(d.file) &&
      d.message.startsWith(`cannot read ${d.file}`),
  );
}
