// `--format b4-lines`: the plain lines `b4 am --check` and `b4 prep --check` grade
// (am-/prep-perpatch-check-cmd; b4/__init__.py run_local_check() in b4 0.14-0.16):
// a stdout line containing `ERROR:` fails, any other stdout line warns, every stderr
// line fails, and only when both are empty does the exit code count. So: nothing on
// a pass; one line per finding at or above --fail-on, naming file, line and code.

import type { Diagnostic } from '../../core/diag/diagnostic';
import { displayPath } from '../display-path';
import { severityRank } from '../findings-output';

/** Where a patch finding lies in the post-image (`include/uapi/linux/vfio.h`, 0-based line), and its unprefixed message. */
export interface PostImagePlace {
  path: string;
  line: number;
  message: string;
}

export interface B4LinesInput {
  diagnostics: readonly Diagnostic[];
  /** Patch findings' post-image places (a finding on stdin's line 28 is vfio.h's line 1540 to a maintainer). */
  places?: ReadonlyMap<Diagnostic, PostImagePlace>;
  threshold?: number;
  /** An input could not be used (exit 3): at least one ERROR line is printed. */
  inputFailed?: boolean;
}

export function formatB4Lines(input: B4LinesInput): string[] {
  const threshold = input.threshold ?? severityRank.warning;
  const out: string[] = [];
  for (const d of input.diagnostics) {
    if (d.severity !== 'error' && severityRank[d.severity] < threshold) continue;
    const place = input.places?.get(d);
    const where = place
      ? `${place.path}:${place.line + 1}`
      : `${displayPath(d.file)}:${d.range.start.line + 1}`;
    const message = oneLine(place?.message ?? d.message);
    // b4 fails any line containing `ERROR:`: a warning must not quote one.
    const text = d.severity === 'error' ? message : message.replace(/ERROR:/g, 'ERROR (quoted):');
    out.push(`${d.severity === 'error' ? 'ERROR' : 'WARNING'}: ${where}: ${text} [${d.code}]`);
  }
  if (input.inputFailed && !out.some((l) => l.startsWith('ERROR:'))) {
    const why = input.diagnostics.find((d) => d.severity !== 'error' && severityRank[d.severity] < threshold);
    out.push(
      `ERROR: kpw: an input could not be used${why ? `: ${displayPath(why.file)}: ${oneLine(why.message)}` : ''} (exit 3)`,
    );
  }
  return out;
}

/** Control characters (line breaks, terminal escapes) from a patch never reach b4's terminal. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}
