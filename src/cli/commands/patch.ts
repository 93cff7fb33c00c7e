// `kpw patch [--base DIR] [-I DIR]... [--format text|json|sarif] [--patchwork URL] FILE|ID...`:
// reads patch files, mboxes and Patchwork JSON (or fetches by id), applies the
// series in memory, and reports every check's findings on the patch's own lines.

import { existsSync, statSync } from 'node:fs';
import { CHECKS } from '../../core/checks/registry';
import type { Diagnostic, Severity } from '../../core/diag/diagnostic';
import {
  analyzeSeries,
  fetchPatchworkRef,
  groupSeries,
  isPatchworkRef,
  PatchCode,
  readPatchFile,
  seriesChecks,
  type PatchMail,
  type PatchworkReadResult,
  type SeriesAnalysis,
} from '../../core/patch/index';
import { flag, list, parseArgs, single } from '../args';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes';
import { formatDiagnostic } from '../reporters/diagnostics-text';
import { formatJson } from '../reporters/json';
import { formatSarif } from '../reporters/sarif';
import { KPW_VERSION } from '../version';
import type { CommandIo } from './command';
import { resolveAbis } from './layout';

export const patchUsage = `usage: kpw patch [--base DIR] [-I DIR]... [--format text|json|sarif] [--abi LIST|all]
                 [--patchwork URL [--token TOKEN]] [--pre-existing] [--fail-on error|warning|note] FILE|ID...

Reads patches (.patch, .mbox, .eml, Patchwork JSON or a saved API page), applies
each series in memory onto --base (nothing is written), runs every check on the
touched headers and reports the findings on the patch's own '+' lines.
  --base DIR       the tree the patches apply to; without it the hunks' added lines are analyzed alone
  -I DIR           include directory for the headers (types a partial header needs)
  --patchwork URL  fetch IDs from this Patchwork server: 2222859, series:499754, or a Message-ID
  --token TOKEN    Patchwork API token (default: $KPW_PATCHWORK_TOKEN)
  --pre-existing   also print findings on lines the patches did not add
  --format F       text (gcc-style, default), json, or sarif`;

const rank: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };
const INPUT_CODES = new Set<string>([PatchCode.fetchFailed]);

export async function runPatch(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const args = parseArgs(argv, [
    { name: 'base', value: true },
    { name: 'include', short: 'I', value: true, repeat: true },
    { name: 'format', value: true },
    { name: 'abi', value: true },
    { name: 'patchwork', value: true },
    { name: 'token', value: true },
    { name: 'pre-existing' },
    { name: 'fail-on', value: true },
    { name: 'help', short: 'h' },
  ]);
  if (flag(args, 'help')) {
    io.stdout(patchUsage);
    return ExitCode.ok;
  }
  const format = single(args, 'format') ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format '${format}'`);
  const threshold = failThreshold(single(args, 'fail-on'));
  const base = single(args, 'base');
  if (base !== undefined && !isDirectory(base)) throw new UsageError(`--base '${base}' is not a directory`);
  const abis = single(args, 'abi') ? resolveAbis(single(args, 'abi') as string).map((a) => a.name) : undefined;
  const inputs = [...args.positionals, ...args.rest];
  if (inputs.length === 0) throw new UsageError('no FILE or ID given');

  const { mails, diagnostics, inputFailed } = await readInputs(inputs, single(args, 'patchwork'), single(args, 'token') ?? process.env.KPW_PATCHWORK_TOKEN, io);
  const analyses: SeriesAnalysis[] = [];
  for (const series of groupSeries(mails)) {
    analyses.push(await analyzeSeries(series, { base, includeDirs: list(args, 'include'), abis }));
  }
  const all = [...diagnostics, ...collect(analyses, flag(args, 'pre-existing')), ...seriesChecks(analyses)];
  print(all, format, io);
  if (inputFailed) return ExitCode.input;
  return all.some((d) => rank[d.severity] >= threshold) ? ExitCode.findings : ExitCode.ok;
}

async function readInputs(
  inputs: string[],
  server: string | undefined,
  token: string | undefined,
  io: CommandIo,
): Promise<{ mails: PatchMail[]; diagnostics: Diagnostic[]; inputFailed: boolean }> {
  const mails: PatchMail[] = [];
  const diagnostics: Diagnostic[] = [];
  let inputFailed = false;
  for (const input of inputs) {
    let read: PatchworkReadResult;
    if (!existsSync(input) && server && isPatchworkRef(input)) read = await fetchPatchworkRef(input, { url: server, token });
    else if (!existsSync(input)) {
      io.stderr(`kpw: error: ${input}: no such file or directory${isPatchworkRef(input) ? ' (use --patchwork URL to fetch IDs)' : ''}`);
      inputFailed = true;
      continue;
    } else read = readPatchFile(input);
    if (read.diagnostics.some((d) => INPUT_CODES.has(d.code)) || (read.mails.length === 0 && read.series.length === 0)) inputFailed = true;
    for (const s of read.series) if (read.mails.length === 0) io.stderr(`kpw: note: ${input}: series ${s.id ?? '?'} lists ${s.patches.length} patches without diffs; fetch them with --patchwork URL series:${s.id ?? 'ID'}`);
    mails.push(...read.mails);
    diagnostics.push(...read.diagnostics);
  }
  return { mails, diagnostics, inputFailed };
}

function collect(analyses: readonly SeriesAnalysis[], preExisting: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of analyses.flatMap((a) => a.mails)) {
    out.push(...m.diagnostics, ...m.findings.map((f) => f.diagnostic));
    if (preExisting) out.push(...m.preExisting.map((d) => ({ ...d, severity: 'info' as const, message: `pre-existing: ${d.message}` })));
  }
  return out;
}

function print(all: Diagnostic[], format: string, io: CommandIo): void {
  const sorted = [...all].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
  if (format === 'json') io.stdout(formatJson(sorted));
  else if (format === 'sarif') io.stdout(formatSarif(sorted, CHECKS.map((c) => ({ id: c.id, summary: c.summary })), KPW_VERSION));
  else if (sorted.length) io.stdout(sorted.map(formatDiagnostic).join('\n'));
}

function failThreshold(value: string | undefined): number {
  if (value === undefined) return rank.warning;
  const map: Record<string, number> = { error: rank.error, warning: rank.warning, note: rank.info };
  if (!(value in map)) throw new UsageError(`--fail-on takes error, warning or note, not '${value}'`);
  return map[value];
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
