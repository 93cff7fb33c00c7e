// The one patch-analysis path of the CLI, shared by `kpw patch` and `kpw check`:
// tell patch inputs from headers, read files / stdin / Patchwork refs, analyze
// each series onto --base (or the hunks alone), and group findings per patch.

import { extname } from 'node:path';
import type { Diagnostic } from '../core/diag/diagnostic';
import { formatBytes, isDirectory, LIMITS, nodeFileHost, pathExists, readRegularHead, statOf } from '../core/host/index';
import type { Position } from '../core/text/position';
import { analyzePatches, fetchPatchworkRef, hasDiff, isPatchworkRef, looksLikePatchworkJson, PatchCode, readPatchFile, readPatchText, type PatchMail, type PatchworkReadResult, type SeriesAnalysis } from '../core/api/index';
import type { CodeFilter } from '../core/diag/codes';
import type { CommandIo } from './commands/command';
import { displayPath } from './display-path';
import { UsageError } from './exit-codes';
import type { B4Group } from './reporters/b4';

/** The name stdin's message gets in findings, as gcc names it. */
export const STDIN_LABEL = '<stdin>';

export interface PatchRunOptions {
  base?: string;
  includeDirs?: string[];
  abis?: string[];
  codes?: CodeFilter;
  /** Also report findings on lines the patches did not add (as notes). */
  preExisting?: boolean;
  /** Fetch Patchwork ids/Message-IDs that are not files from this server. */
  patchwork?: { url: string; token?: string };
  /** Reads stdin for the input `-` (process.stdin by default; tests pass text). */
  readStdin?: () => Promise<string>;
}

export interface PatchRun {
  /** Every finding and reading problem, sorted by file and position. */
  diagnostics: Diagnostic[];
  mails: PatchMail[];
  analyses: SeriesAnalysis[];
  /** An input was missing, unreadable, not a patch at all, or a fetch failed (exit 3). */
  inputFailed: boolean;
}

const PATCH_EXTENSIONS = new Set(['.patch', '.diff', '.mbox', '.mbx', '.eml']);
const SNIFF_BYTES = 64 * 1024;
const INPUT_CODES = new Set<string>([PatchCode.fetchFailed]);

/**
 * Whether `kpw check` should read PATH as a patch: `-`, a patch extension, or a
 * file whose first bytes look like mail, a diff or Patchwork JSON. Headers,
 * directories and missing paths are not patches (the header path reports those).
 */
export function isPatchInput(path: string): boolean {
  if (path === '-') return true;
  const ext = extname(path).toLowerCase();
  if (ext === '.h') return false;
  let stat;
  try {
    stat = statOf(nodeFileHost, path);
  } catch {
    stat = undefined;
  }
  if (!stat) return PATCH_EXTENSIONS.has(ext);
  if (stat.kind !== 'file') return false;
  return PATCH_EXTENSIONS.has(ext) || looksLikePatchText(readRegularHead(path, SNIFF_BYTES));
}

/** Whether a file name has a patch extension (.patch .diff .mbox .mbx .eml): what a directory walk collects besides *.h. */
export function hasPatchExtension(name: string): boolean {
  return PATCH_EXTENSIONS.has(extname(name).toLowerCase());
}

/** Mail headers, a diff, or Patchwork JSON / an API page near the start of `text`. */
export function looksLikePatchText(text: string): boolean {
  if (text.includes('\0')) return false;
  if (looksLikePatchworkJson(text) && !/^\s*"/.test(text)) return true;
  if (/^From \S+ /.test(text) || /^diff --git /m.test(text) || /^--- \S.*\n\+\+\+ \S/m.test(text)) return true;
  return /^[A-Za-z][A-Za-z0-9-]*:[ \t]/.test(text) && /^Subject:/im.test(text);
}

/** Rejects a --base that is not a directory (a usage error). */
export function checkBase(base: string | undefined): string | undefined {
  if (base === undefined) return undefined;
  if (!isDirectory(nodeFileHost, base)) throw new UsageError(`--base '${base}' is not a directory`);
  return base;
}

/** Reads, groups and analyzes the inputs; never throws on bad input. */
export async function runPatchAnalysis(inputs: readonly string[], opts: PatchRunOptions, io: CommandIo): Promise<PatchRun> {
  const read = await readInputs(inputs, opts, io);
  const { diagnostics, analyses } = await analyzePatches({
    mails: read.mails,
    readDiagnostics: read.diagnostics,
    base: opts.base,
    includeDirs: opts.includeDirs,
    abis: opts.abis,
    codes: opts.codes,
    preExisting: opts.preExisting,
  });
  return { diagnostics, mails: read.mails, analyses, inputFailed: read.inputFailed };
}

/**
 * The run's diagnostics per patch mail, in input order, for `--format b4`:
 * every mail with a diff gets a group (a clean one passes); a mail without a
 * diff (a cover letter) only when something landed on it; an input no mail
 * came from gets one group holding its reading problems.
 */
export function groupsByPatch(run: PatchRun): B4Group[] {
  const byMail = new Map<PatchMail, Diagnostic[]>(run.mails.map((m) => [m, []]));
  const orphans = new Map<string, Diagnostic[]>();
  for (const d of run.diagnostics) {
    const mail = mailAt(run.mails, d.file, d.range.start);
    if (mail) byMail.get(mail)?.push(d);
    else orphans.set(d.file, [...(orphans.get(d.file) ?? []), d]);
  }
  const groups: B4Group[] = [];
  for (const [mail, list] of byMail) {
    if (hasDiff(mail) || list.length) groups.push({ label: mailLabel(mail), diagnostics: list });
  }
  for (const [file, list] of orphans) groups.push({ label: file, diagnostics: list });
  return groups;
}

/** Reads all of stdin, refusing more than LIMITS.stdinBytes (stops reading there: never buffers more). */
export async function readProcessStdin(stream: AsyncIterable<unknown> = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > LIMITS.stdinBytes) throw new StdinTooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

class StdinTooLarge extends Error {}

async function readInputs(inputs: readonly string[], opts: PatchRunOptions, io: CommandIo) {
  const mails: PatchMail[] = [];
  const diagnostics: Diagnostic[] = [];
  let inputFailed = false;
  for (const input of inputs) {
    const read = await readOne(input, opts, io);
    if (!read) {
      inputFailed = true;
      continue;
    }
    if (read.diagnostics.some((d) => INPUT_CODES.has(d.code)) || (read.mails.length === 0 && read.series.length === 0)) inputFailed = true;
    if (read.mails.length === 0) {
      for (const s of read.series) io.stderr(`kpw: note: ${input}: series ${s.id ?? '?'} lists ${s.patches.length} patches without diffs; fetch them with --patchwork URL series:${s.id ?? 'ID'}`);
    }
    mails.push(...read.mails);
    diagnostics.push(...read.diagnostics);
  }
  return { mails, diagnostics, inputFailed };
}

/** One input: stdin, a file, or a Patchwork ref; undefined (after a message) when it cannot be had. */
async function readOne(input: string, opts: PatchRunOptions, io: CommandIo): Promise<PatchworkReadResult | undefined> {
  if (input === '-') {
    try {
      return readPatchText(await (opts.readStdin ?? readProcessStdin)(), STDIN_LABEL);
    } catch (err) {
      const why = err instanceof StdinTooLarge ? `more than ${LIMITS.stdinBytes} bytes, larger than the ${formatBytes(LIMITS.stdinBytes)} limit for stdin` : String((err as Error)?.message ?? err);
      io.stderr(`kpw: error: ${STDIN_LABEL}: cannot read: ${why}`);
      return undefined;
    }
  }
  if (pathExists(nodeFileHost, input)) return readPatchFile(input);
  if (opts.patchwork && isPatchworkRef(input)) return fetchPatchworkRef(input, opts.patchwork);
  io.stderr(`kpw: error: ${input}: no such file or directory${isPatchworkRef(input) ? ' (use --patchwork URL to fetch IDs)' : ''}`);
  return undefined;
}

/**
 * The mail of `file` a position belongs to: the first (in input order) whose
 * body ends at or after it, so a mail's headers go with its body; positions
 * past the last body go to the last mail.
 */
function mailAt(mails: readonly PatchMail[], file: string, at: Position): PatchMail | undefined {
  const inFile = mails.filter((m) => m.file === file);
  for (const m of inFile) {
    const end = m.bodyOrigin[m.bodyOrigin.length - 1];
    if (end && !before(end, at)) return m;
  }
  return inFile[inFile.length - 1];
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function mailLabel(mail: PatchMail): string {
  // A series position says which patch it is; otherwise the (shortened) title does.
  if (mail.info.index !== undefined && mail.info.prefixes.length) return `[${mail.info.prefixes.join(' ')}]`;
  const title = mail.info.title || mail.subject || `${displayPath(mail.file)} mail ${mail.index + 1}`;
  return title.length > 50 ? `${title.slice(0, 49)}…` : title;
}
