// What `kpw check` and `kpw patch` share at the output end: the --format
// choice (text, json, sarif, b4), printing findings in it, and the --fail-on
// threshold that turns findings into exit code 1. Text and JSON are written in
// chunks as they are formatted (never the whole output as one string).

import type { Diagnostic, Severity } from '../core/diag/diagnostic';
import { CHECKS } from '../core/api/index';
import { UsageError } from './exit-codes';
import { formatB4, type B4Group } from './reporters/b4';
import { formatB4Lines, type PostImagePlace } from './reporters/b4-lines';
import { formatDiagnostic } from './reporters/diagnostics-text';
import { jsonChunks } from './reporters/json';
import { formatSarif } from './reporters/sarif';
import type { CommandIo } from './commands/command';
import { KPW_VERSION } from './version';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'b4' | 'b4-lines';

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'b4', 'b4-lines'];

export const severityRank: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

export function outputFormat(value: string | undefined): OutputFormat {
  const format = value ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}'`);
  return format as OutputFormat;
}

/** The --fail-on value as a severity rank (default: warning). */
export function failThreshold(value: string | undefined): number {
  if (value === undefined) return severityRank.warning;
  const map: Record<string, number> = {
    error: severityRank.error,
    warning: severityRank.warning,
    note: severityRank.info,
  };
  if (!(value in map)) throw new UsageError(`--fail-on takes error, warning or note, not '${value}'`);
  return map[value];
}

export function reachesThreshold(list: readonly Diagnostic[], threshold: number): boolean {
  return list.some((d) => severityRank[d.severity] >= threshold);
}

/** By file, then position: the one order of src/core/diag/sort.ts. */
export { sortDiagnostics } from '../core/diag/sort';

/** What the b4 formats need beyond the list: the --fail-on rank, post-image places, and exit 3. */
export interface B4Context {
  threshold: number;
  places?: ReadonlyMap<Diagnostic, PostImagePlace>;
  inputFailed: boolean;
}

/**
 * Prints `list` in `format`. b4 output is per patch (or per header file), so it
 * takes `groups`; b4-lines prints nothing on a pass; the other formats print the flat list.
 * Text and JSON go out in chunks, each formatted when the one before has been taken
 * (`io.drain`): 40,000 findings held ~50 MB of output strings at once (the joined text,
 * its copy with the final newline, the bytes written), and a pipe buffered all of it.
 */
export async function printFindings(
  format: OutputFormat,
  list: readonly Diagnostic[],
  groups: readonly B4Group[],
  io: CommandIo,
  b4?: B4Context,
): Promise<void> {
  const threshold = b4?.threshold ?? severityRank.warning;
  if (format === 'b4') io.stdout(formatB4(withInputFailure(groups, b4?.inputFailed ?? false), threshold));
  else if (format === 'b4-lines') {
    const lines = formatB4Lines({
      diagnostics: list,
      places: b4?.places,
      threshold,
      inputFailed: b4?.inputFailed,
    });
    if (lines.length) io.stdout(lines.join('\n'));
  } else if (format === 'json') await writeChunks(io, jsonChunks(list, CHUNK_FINDINGS));
  else if (format === 'sarif')
    io.stdout(
      formatSarif(
        list,
        CHECKS.map((c) => ({ id: c.id, summary: c.summary })),
        KPW_VERSION,
      ),
    );
  else await writeChunks(io, textChunks(list, CHUNK_FINDINGS));
}

/** Findings per chunk of output: ~300 bytes a line of text, ~400 of JSON, so ~100 KB a write. */
const CHUNK_FINDINGS = 256;

/** The gcc-style lines, `size` findings a chunk. Each chunk ends without its last newline (io.stdout
 *  adds it), so the chunks written one after another are the lines joined by newlines, plus one. */
function* textChunks(list: readonly Diagnostic[], size: number): Generator<string> {
  for (let i = 0; i < list.length; i += size)
    yield list
      .slice(i, i + size)
      .map(formatDiagnostic)
      .join('\n');
}

/** Writes each chunk once the one before it has been taken: a pipe's buffer stays one chunk. */
async function writeChunks(io: CommandIo, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    io.stdout(chunk);
    if (io.drain) await io.drain();
  }
}

/** Exit 3 with no failing group (an input that yielded no mail): one failing result says so. */
function withInputFailure(groups: readonly B4Group[], inputFailed: boolean): readonly B4Group[] {
  if (!inputFailed || groups.some((g) => g.failed)) return groups;
  return [...groups, { label: 'kpw', diagnostics: [], failed: true }];
}
