// The front door for patch analysis, shared by `kpw patch`, `kpw check` and the
// editor's kernel-patch documents: group the mails into series, apply and check
// each, add the series-wide checks, then one code filter, one dedupe, one order.

import type { CodeFilter } from '../diag/codes';
import { codeAllowed } from '../diag/codes';
import type { Diagnostic } from '../diag/diagnostic';
import { compareDiagnostics } from '../diag/sort';
import {
  analyzeSeries,
  groupSeries,
  seriesChecksSteps,
  type PatchMail,
  type SeriesAnalysis,
} from '../patch/index';
import type { FileHost } from '../host/types';
import { DiagCode } from '../diag/codes';
import { MAX_ANALYSED_MAILS, MAX_PATCH_ANALYSIS_BYTES } from '../limits';
import { pushAll } from '../text/push-all';
import { CHECKPOINT_EVERY, driveSync, type Drive, type Steps } from '../steps';
import { sortSteps } from '../sort-steps';

export interface PatchAnalysisInput {
  /** The mails read from the inputs (files, stdin, Patchwork, an editor document), in input order. */
  mails: readonly PatchMail[];
  /**
   * Other series to compare against (`kpw patch --compare`): analyzed with the inputs so that the
   * series-wide checks (one number claimed twice) see them, but only findings on the inputs are reported.
   */
  context?: readonly PatchMail[];
  /** Problems met while reading them (kept, filtered and ordered with the findings). */
  readDiagnostics?: readonly Diagnostic[];
  /** The tree the series apply to; without it the hunks' added lines are analyzed alone. */
  base?: string;
  includeDirs?: string[];
  /** ABI names; all ABIs by default. */
  abis?: string[];
  /** Where base files are read (the disk by default). */
  host?: FileHost;
  codes?: CodeFilter;
  /** Also report findings on lines the patches did not add, as notes ("pre-existing: ..."). */
  preExisting?: boolean;
  signal?: AbortSignal;
  /** Who runs each header's builds and checks: at once by default (the CLI); the language server
   *  passes `(s) => runSliced(s, { signal })` so other requests are served in between. */
  drive?: Drive;
  /** Told when the analysis enters its last phase (the findings gathered, filtered, ordered), with how
   *  many there are: the language server reports it as progress. */
  onFinishing?: (message: string) => void;
}

export interface PatchAnalysisResult {
  /** Reading problems, findings on `+` lines and series-wide checks: filtered, deduplicated, sorted. */
  diagnostics: Diagnostic[];
  analyses: SeriesAnalysis[];
  /** Where each finding on a `+` line sits in the post-image (b4's line format names the file, not the mail). */
  places: Map<Diagnostic, PostImagePlace>;
}

/** A finding's place in the patched file: its path, its 1-based line there, and the original message. */
export interface PostImagePlace {
  path: string;
  line: number;
  message: string;
}

/** Analyzes every series of `input.mails`; never throws (problems become diagnostics) but an abort of `input.drive`. */
export async function analyzePatches(input: PatchAnalysisInput): Promise<PatchAnalysisResult> {
  const analyses: SeriesAnalysis[] = [];
  const opts = {
    base: input.base,
    includeDirs: input.includeDirs,
    abis: input.abis,
    host: input.host,
    codes: input.codes,
    signal: input.signal,
    drive: input.drive,
    budget: { bytes: MAX_PATCH_ANALYSIS_BYTES },
  };
  const all = [...input.mails, ...(input.context ?? [])];
  for (const series of groupSeries(all.slice(0, MAX_ANALYSED_MAILS))) {
    if (input.signal?.aborted) break;
    analyses.push(await analyzeSeries(series, opts));
  }
  if (input.onFinishing) {
    let count = 0;
    for (const a of analyses) for (const m of a.mails) count += m.findings.length + m.diagnostics.length;
    input.onFinishing(`ordering ${count} findings`);
  }
  return (input.drive ?? driveSync)(finishSteps(input, analyses, all));
}

/** The end of an analysis: the findings of every mail gathered, the series-wide checks, one code
 *  filter, one dedupe, one order. In steps (a checkpoint every CHECKPOINT_EVERY findings): with
 *  60,000 findings this was the language server's longest wait of a patch analysis (~240 ms). */
function* finishSteps(
  input: PatchAnalysisInput,
  analyses: SeriesAnalysis[],
  all: readonly PatchMail[],
): Steps<PatchAnalysisResult> {
  const context = input.context ?? [];
  let tick = 0;
  const found = [...(input.readDiagnostics ?? [])];
  if (all.length > MAX_ANALYSED_MAILS) found.push(tooManyMails(all));
  const places = new Map<Diagnostic, PostImagePlace>();
  for (const a of analyses)
    for (const m of a.mails) {
      pushAll(found, m.diagnostics);
      for (const f of m.findings) {
        if ((++tick & (CHECKPOINT_EVERY - 1)) === 0) yield;
        found.push(f.diagnostic);
        places.set(f.diagnostic, { path: f.path, line: f.postLine, message: f.original.message });
      }
      if (input.preExisting)
        for (const d of m.preExisting) {
          if ((++tick & (CHECKPOINT_EVERY - 1)) === 0) yield;
          found.push({ ...d, severity: 'info' as const, message: `pre-existing: ${d.message}` });
        }
    }
  pushAll(found, yield* seriesChecksSteps(analyses, places));
  // The compared series are context: only what lands on the inputs is reported.
  const own = new Set(input.mails.map((m) => m.file));
  const theirs = new Set(context.map((m) => m.file));
  // One finding per code, file, position and message (two series may map one problem onto the same line).
  const seen = new Set<string>();
  const kept: Diagnostic[] = [];
  for (const d of found) {
    if ((++tick & (CHECKPOINT_EVERY - 1)) === 0) yield;
    if (!codeAllowed(d.code, input.codes)) continue;
    const key = `${d.code}|${d.file}|${d.range.start.line}:${d.range.start.character}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (context.length && !own.has(d.file) && theirs.has(d.file)) continue;
    kept.push(d);
  }
  return { diagnostics: yield* sortSteps(kept, compareDiagnostics), analyses, places };
}

/** The error on the first mail past MAX_ANALYSED_MAILS: the rest are read but not analysed. */
function tooManyMails(all: readonly PatchMail[]): Diagnostic {
  const first = all[MAX_ANALYSED_MAILS];
  const at = first.bodyOrigin[0] ?? { line: 0, character: 0 };
  return {
    code: DiagCode.fileTooLarge,
    severity: 'error',
    file: first.file,
    range: { start: at, end: at },
    message: `${all.length} mails, more than the limit of ${MAX_ANALYSED_MAILS} for one analysis: the ${all.length - MAX_ANALYSED_MAILS} from here on are not analysed`,
  };
}
