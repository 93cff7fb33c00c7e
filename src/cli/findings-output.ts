// What `kpw check` and `kpw patch` share at the output end: the --format
// choice (text, json, sarif, b4), printing findings in it, and the --fail-on
// threshold that turns findings into exit code 1.

import type { Diagnostic, Severity } from '../core/diag/diagnostic';
import { CHECKS } from '../core/api/index';
import { UsageError } from './exit-codes';
import { formatB4, type B4Group } from './reporters/b4';
import { formatDiagnostic } from './reporters/diagnostics-text';
import { formatJson } from './reporters/json';
import { formatSarif } from './reporters/sarif';
import type { CommandIo } from './commands/command';
import { KPW_VERSION } from './version';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'b4';

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'b4'];

export const severityRank: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

export function outputFormat(value: string | undefined): OutputFormat {
  const format = value ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}'`);
  return format as OutputFormat;
}

/** The --fail-on value as a severity rank (default: warning). */
export function failThreshold(value: string | undefined): number {
  if (value === undefined) return severityRank.warning;
  const map: Record<string, number> = { error: severityRank.error, warning: severityRank.warning, note: severityRank.info };
  if (!(value in map)) throw new UsageError(`--fail-on takes error, warning or note, not '${value}'`);
  return map[value];
}

export function reachesThreshold(list: readonly Diagnostic[], threshold: number): boolean {
  return list.some((d) => severityRank[d.severity] >= threshold);
}

/** By file, then position: the one order of src/core/diag/sort.ts. */
export { sortDiagnostics } from '../core/diag/sort';

/**
 * Prints `list` in `format`. b4 output is per patch (or per header file), so it
 * takes `groups`; the other formats print the flat list.
 */
export function printFindings(format: OutputFormat, list: readonly Diagnostic[], groups: readonly B4Group[], io: CommandIo): void {
  if (format === 'b4') io.stdout(formatB4(groups));
  else if (format === 'json') io.stdout(formatJson(list));
  else if (format === 'sarif') io.stdout(formatSarif(list, CHECKS.map((c) => ({ id: c.id, summary: c.summary })), KPW_VERSION));
  else if (list.length) io.stdout(list.map(formatDiagnostic).join('\n'));
}
