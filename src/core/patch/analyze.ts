// Runs every check on what a series would produce: applies its patches in
// memory (or, without a base, takes the hunks' added lines as partial files),
// checks each touched header's post-image with the pre-image as baseline, and
// maps the findings onto the patches' own `+` lines.

import { join, resolve } from 'node:path';
import type { CodeFilter } from '../diag/codes';
import type { Diagnostic } from '../diag/diagnostic';
import { checkFiles } from '../checks/run';
import type { CheckBaseline } from '../analysis/context';
import { nodeFileHost } from '../host/node-file-host';
import type { FileHost } from '../host/types';
import type { ImageLine } from './apply';
import { ImageHost, imageText } from './image-host';
import { checkCSource } from '../kernel/run';
import { mapFindingsSteps, type ImageRef, type MappedFindings, type PatchFinding } from './map-findings';
import { numberClaims, type NumberClaim } from './claims';
import { applySeriesSteps, type FileImages, type MailImages } from './series-images';
import type { PatchSeries } from './series';
import type { ParsedDiff, PatchMail } from './types';
import { DiagCode } from '../diag/codes';
import { MAX_PATCH_ANALYSIS_BYTES } from '../limits';
import { ALL_ABI_NAMES } from '../abi/index';
import { driveSync, type Drive, type Steps } from '../steps';
import { placeFindingsSteps } from './place-findings';
import { pushAll } from '../text/push-all';

const ALL_ABIS = ALL_ABI_NAMES.length;

export interface PatchAnalysisOptions {
  /** A kernel tree (or any directory holding the files the diff touches); without it the hunks alone are analyzed. */
  base?: string;
  includeDirs?: string[];
  /** ABI names; all ABIs by default. */
  abis?: string[];
  /** Where base files are read (the disk by default). */
  host?: FileHost;
  /** Which codes to report (the one vocabulary of diag/codes.ts). */
  codes?: CodeFilter;
  signal?: AbortSignal;
  /** Who runs each header's model builds and checks (default: at once; the language server: in
   *  slices, cancelled by `signal`, which then makes the analysis reject with an AbortError). */
  drive?: Drive;
  /** Work left for this run (bytes of patched header text x ABIs), shared by its series; none: unbounded. */
  budget?: { bytes: number };
}

export interface MailAnalysis {
  mail: PatchMail;
  diff: ParsedDiff;
  /** Findings on lines this mail added, placed on its `+` lines. */
  findings: PatchFinding[];
  /** Findings on unchanged lines (or lines an earlier patch added): not this mail's. */
  preExisting: Diagnostic[];
  /** Reading, parsing and applying problems, on the patch input. */
  diagnostics: Diagnostic[];
  /** Headers checked, by patch path, with their images. */
  headers: FileImages[];
  mode: 'base' | 'hunks';
  /** Family numbers this mail's `+` lines define (for the series-wide checks). */
  claims: NumberClaim[];
}

export interface SeriesAnalysis {
  series: PatchSeries;
  mails: MailAnalysis[];
}

const HEADER = /\.h$/;
const C_SOURCE = /\.c$/;

export async function analyzeSeries(
  series: PatchSeries,
  opts: PatchAnalysisOptions = {},
): Promise<SeriesAnalysis> {
  return { series, mails: await analyzeMails(series.patches, opts) };
}

/** Applies the mails in order and analyzes each; never throws. */
export async function analyzeMails(
  mails: readonly PatchMail[],
  opts: PatchAnalysisOptions = {},
): Promise<MailAnalysis[]> {
  const host = opts.host ?? nodeFileHost;
  const applied = await (opts.drive ?? driveSync)(applySeriesSteps(mails, opts.base, host));
  const out: MailAnalysis[] = [];
  for (const step of applied) {
    if (opts.signal?.aborted) break;
    out.push(await analyzeStep(step, opts, host));
  }
  return out;
}

/** Takes a step's work from the run's budget; false (and an error on the mail, once) when it is spent. */
function takeBudget(
  step: MailImages,
  headers: readonly FileImages[],
  opts: PatchAnalysisOptions,
  result: MailAnalysis,
): boolean {
  const budget = opts.budget;
  if (!budget) return true;
  let bytes = 0;
  for (const f of headers) for (const l of f.post ?? []) bytes += l.text.length + 1;
  const cost = bytes * Math.max(1, opts.abis?.length ?? ALL_ABIS);
  if (cost <= budget.bytes) {
    budget.bytes -= cost;
    return true;
  }
  if (budget.bytes >= 0) {
    const at = step.mail.bodyOrigin[0] ?? { line: 0, character: 0 };
    result.diagnostics = [
      ...result.diagnostics,
      {
        code: DiagCode.fileTooLarge,
        severity: 'error',
        file: step.mail.file,
        range: { start: at, end: at },
        message: `not analysed: the headers of this and the following patches pass the ${MAX_PATCH_ANALYSIS_BYTES}-byte limit of one analysis (patched header text x ABIs, summed over the patches); fewer ABIs (--abi) or fewer patches allow more`,
      },
    ];
  }
  budget.bytes = -1;
  return false;
}

async function analyzeStep(
  step: MailImages,
  opts: PatchAnalysisOptions,
  host: FileHost,
): Promise<MailAnalysis> {
  const mode = opts.base ? 'base' : 'hunks';
  const headers = lastStatePerFile(step.files, mode).filter(
    (f) => HEADER.test(f.path) && f.post && f.post.some((l) => l.added?.mail === step.tag),
  );
  const result: MailAnalysis = {
    mail: step.mail,
    diff: step.diff,
    findings: [],
    preExisting: [],
    diagnostics: step.diagnostics,
    headers,
    mode,
    claims: [],
  };
  if (!takeBudget(step, headers, opts, result)) return result;
  // Every file the series has touched so far is served as patched (a driver's new `case` included).
  const imageHost = new ImageHost(host);
  for (const f of step.files) if (mode === 'base') imageHost.set(f.absPath, f.post);
  for (const file of headers) {
    const post =
      mode === 'hunks' ? withTypesInclude(host, file.post ?? [], opts.includeDirs) : (file.post ?? []);
    imageHost.set(file.absPath, post);
    const found = await checkFiles({
      files: [file.absPath],
      includeDirs: opts.includeDirs,
      abis: opts.abis,
      host: imageHost,
      workspaceRoot: opts.base ? resolve(opts.base) : undefined,
      baseline: baselineOf(file.absPath, file.pre ?? []),
      before: mode === 'base' && file.pre ? { host: preImageHost(host, file.absPath, file.pre) } : undefined,
      codes: opts.codes,
      signal: opts.signal,
      drive: opts.drive,
    });
    const ref: ImageRef = { path: file.path, absPath: resolve(file.absPath), lines: post };
    const { mapped, preExisting } = await (opts.drive ?? driveSync)(
      headerFindingsSteps(found, ref, step, mode === 'hunks'),
    );
    pushAll(result.findings, mapped);
    pushAll(result.preExisting, preExisting);
    pushAll(
      result.claims,
      await numberClaims(ref, step.tag, step.mail.file, imageHost, opts.includeDirs, opts.drive),
    );
  }
  // In hunks mode the post-image is the hunks alone: a new function arrives whole, which is what the rules read.
  await checkCFiles(step, opts, imageHost, result);
  return result;
}

/** One entry per file of a mail: a mail with many diff sections for one header is analyzed
 *  once, on the state after its last section (issue 15: 3,000 sections were 3,000 analyses
 *  on every ABI). With a base the images are cumulative: the first pre-image and the last
 *  post-image. Without one each section holds only its own added lines: they are joined. */
export function lastStatePerFile(files: readonly FileImages[], mode: 'base' | 'hunks'): FileImages[] {
  const byPath = new Map<string, FileImages>();
  // The joined post-images this function built (copied once, then appended to): copying the
  // whole list again for each section was quadratic (20,000 sections of one header: 5.5 s here).
  const joined = new Map<string, NonNullable<FileImages['post']>>();
  for (const f of files) {
    const seen = byPath.get(f.absPath);
    if (!seen) byPath.set(f.absPath, f);
    else if (mode === 'base') byPath.set(f.absPath, { ...seen, post: f.post });
    else {
      let post = joined.get(f.absPath);
      if (!post) {
        post = [...(seen.post ?? [])];
        joined.set(f.absPath, post);
        byPath.set(f.absPath, { ...seen, post });
      }
      if (post.length && f.post?.length) post.push({ text: '' });
      for (const l of f.post ?? []) post.push(l);
    }
  }
  return [...byPath.values()];
}

/** The kernel-side rules on each C file this mail changed: the whole post-image is parsed, findings
 *  are kept on this mail's `+` lines (the rest of the file is not this patch's doing). */
async function checkCFiles(
  step: MailImages,
  opts: PatchAnalysisOptions,
  host: FileHost,
  result: MailAnalysis,
): Promise<void> {
  for (const file of step.files) {
    if (!C_SOURCE.test(file.path) || !file.post?.some((l) => l.added?.mail === step.tag)) continue;
    const found = await checkCSource({
      file: file.absPath,
      text: imageText(file.post),
      host,
      root: opts.base ? resolve(opts.base) : undefined,
      includeDirs: opts.includeDirs,
      abis: opts.abis,
      only: opts.codes?.only?.slice(),
      disable: opts.codes?.disable?.slice(),
      drive: opts.drive,
    });
    const ref: ImageRef = { path: file.path, absPath: resolve(file.absPath), lines: file.post };
    const { mapped, preExisting } = await (opts.drive ?? driveSync)(
      mapFindingsSteps(found, [ref], step.mail, step.tag),
    );
    pushAll(result.findings, mapped);
    pushAll(result.preExisting, preExisting);
  }
}

/** The names the pre-image already had: #define names and struct/union tags. */
export function baselineOf(absPath: string, pre: readonly ImageLine[]): CheckBaseline {
  const defines = new Set<string>();
  const records = new Set<string>();
  for (const { text } of pre) {
    const d = /^\s*#\s*define\s+([A-Za-z_]\w*)/.exec(text);
    if (d) defines.add(d[1]);
    for (const r of text.matchAll(/\b(?:struct|union)\s+([A-Za-z_]\w*)\s*(?:\{|$)/g)) records.add(r[1]);
  }
  const key = resolve(absPath);
  return { defines: new Map([[key, defines]]), records: new Map([[key, records]]) };
}

/** The header as it was before this mail: its pre-image over the base host. */
function preImageHost(host: FileHost, absPath: string, pre: readonly ImageLine[]): FileHost {
  const before = new ImageHost(host);
  before.set(absPath, pre);
  return before;
}

/** A header's findings placed (placeFindingsSteps) and mapped to the mail's lines, all in steps. */
function* headerFindingsSteps(
  found: readonly Diagnostic[],
  ref: ImageRef,
  step: MailImages,
  hint: boolean,
): Steps<MappedFindings> {
  const placed = yield* placeFindingsSteps(found, ref, step.tag, hint);
  return yield* mapFindingsSteps(placed, [ref], step.mail, step.tag);
}

/** A partial header lacks its includes: give it <linux/types.h> when a configured include dir has one. */
function withTypesInclude(
  host: FileHost,
  post: readonly ImageLine[],
  includeDirs: readonly string[] = [],
): ImageLine[] {
  const has = includeDirs.some((d) => host.fileExists(join(d, 'linux', 'types.h')));
  return has ? [{ text: '#include <linux/types.h>' }, ...post] : [...post];
}
