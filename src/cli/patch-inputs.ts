// The one patch-analysis path of the CLI, shared by `kpw patch` and `kpw check`:
// tell patch inputs from headers, read files / stdin / Patchwork refs, analyze
// each series onto --base (or the hunks alone), and group findings per patch.

import { extname } from 'node:path';
import type { Diagnostic } from '../core/diag/diagnostic';
import {
  formatBytes,
  isDirectory,
  LIMITS,
  nodeFileHost,
  pathExists,
  readRegularHead,
  statOf,
} from '../core/host/index';
import type { Position } from '../core/text/position';
import {
  analyzePatches,
  fetchPatchworkRef,
  hasDiff,
  isPatchworkRef,
  looksLikePatchworkJson,
  parsePatchworkInput,
  PatchCode,
  readPatchFile,
  readPatchText,
  tokenFor,
  type PatchMail,
  type PatchworkReadResult,
  type PostImagePlace,
  type SeriesAnalysis,
} from '../core/api/index';
import type { CodeFilter } from '../core/diag/codes';
import type { FileHost } from '../core/host/types';
import type { CommandIo } from './commands/command';
import { displayPath } from './display-path';
import { UsageError } from './exit-codes';
import type { B4Group } from './reporters/b4';
import { pushAll } from '../core/text/push-all';

/** The name stdin's message gets in findings, as gcc names it. */
export const STDIN_LABEL = '<stdin>';

export interface PatchRunOptions {
  base?: PatchBase;
  includeDirs?: string[];
  abis?: string[];
  codes?: CodeFilter;
  /** Also report findings on lines the patches did not add (as notes). */
  preExisting?: boolean;
  /** Fetch Patchwork ids/Message-IDs that are not files from this server. */
  patchwork?: { url: string; token?: string };
  /**
   * Other series to check the inputs against (files, Patchwork refs or URLs): analyzed with them so the
   * series-wide checks (one number claimed twice) see them, but only findings on the inputs are reported.
   * How b4, which hands kpw one patch at a time, gets the rest of the list compared.
   */
  compare?: string[];
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
  /** Inputs that could not be used (their diagnostics' files). */
  failedInputs: Set<string>;
  /** Where each patch finding lies in its post-image (for --format b4-lines). */
  places: Map<Diagnostic, PostImagePlace>;
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
  if (path === '-' || /^https?:\/\//i.test(path)) return true;
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
  if (/^From \S+ /.test(text) || /^diff --git /m.test(text) || /^--- \S.*\n\+\+\+ \S/m.test(text))
    return true;
  return /^[A-Za-z][A-Za-z0-9-]*:[ \t]/.test(text) && /^Subject:/im.test(text);
}

/** A --base: a directory, or a git commit (files read from git, under the repository's top). */
export interface PatchBase {
  dir: string;
  host?: FileHost;
  /** Set when the base is a git commit: the ref as given and the commit it names. */
  git?: { ref: string; commit: string };
}

/**
 * --base as a directory, else as a git ref (`origin/master`, a fork point) in the
 * repository around the current directory; neither is a usage error.
 */
export async function checkBase(
  base: string | undefined,
  cwd = process.cwd(),
): Promise<PatchBase | undefined> {
  if (base === undefined) return undefined;
  if (isDirectory(nodeFileHost, base)) return { dir: base };
  // Loaded only for a git ref: the door to what starts programs brings node:child_process and the
  // target runner, a few ms of every `kpw check` start that names no ref.
  const { resolveGitBase } = await import('../core/api/target.js');
  const git = resolveGitBase(base, cwd, nodeFileHost);
  if (!git)
    throw new UsageError(
      `--base '${base}' is neither a directory nor a git commit (in the repository around ${cwd})`,
    );
  return { dir: git.dir, host: git.host, git: { ref: base, commit: git.commit } };
}

/** Reads, groups and analyzes the inputs; never throws on bad input. */
export async function runPatchAnalysis(
  inputs: readonly string[],
  opts: PatchRunOptions,
  io: CommandIo,
): Promise<PatchRun> {
  const read = await readInputs(inputs, opts, io);
  const compared = opts.compare?.length
    ? await compareMails(opts.compare, read.mails, opts, io)
    : { mails: [], failed: false };
  const { diagnostics, analyses, places } = await analyzePatches({
    mails: read.mails,
    context: compared.mails,
    readDiagnostics: read.diagnostics,
    base: opts.base?.dir,
    host: opts.base?.host,
    includeDirs: opts.includeDirs,
    abis: opts.abis,
    codes: opts.codes,
    preExisting: opts.preExisting,
  });
  return {
    diagnostics,
    mails: read.mails,
    analyses,
    // A limit reached is an input that could not be used (README, Security), as in `kpw check`.
    // So is a --compare input: the series-wide checks would run without the series it names.
    inputFailed: read.inputFailed || compared.failed || diagnostics.some((d) => d.code === 'file-too-large'),
    failedInputs: read.failedInputs,
    places,
  };
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
    if (hasDiff(mail) || list.length)
      groups.push({
        label: mailLabel(mail),
        diagnostics: list,
        failed: list.some((d) => INPUT_CODES.has(d.code)),
      });
  }
  for (const [file, list] of orphans)
    groups.push({
      label: file,
      diagnostics: list,
      failed: run.failedInputs.has(file) || list.some((d) => INPUT_CODES.has(d.code)),
    });
  return groups;
}

/**
 * The --compare inputs' mails, without those the inputs already hold (same Message-ID),
 * and whether one of them could not be used (exit 3, as for an input: never a quiet pass).
 */
async function compareMails(
  compare: readonly string[],
  mine: readonly PatchMail[],
  opts: PatchRunOptions,
  io: CommandIo,
): Promise<{ mails: PatchMail[]; failed: boolean }> {
  const read = await readInputs(compare, { ...opts, compare: undefined }, io);
  // What made an input unusable may be a warning on its own (a mail without a diff): say it.
  for (const d of read.diagnostics.filter((x) => x.severity === 'error' || read.failedInputs.has(x.file)))
    io.stderr(`kpw: error: --compare ${d.file}: ${d.message}`);
  const ids = new Set(mine.map((m) => m.messageId).filter(Boolean));
  return { mails: read.mails.filter((m) => !m.messageId || !ids.has(m.messageId)), failed: read.inputFailed };
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
  const failedInputs = new Set<string>();
  let inputFailed = false;
  for (const input of inputs) {
    const read = await readOne(input, opts, io);
    if (!read) {
      inputFailed = true;
      continue;
    }
    if (
      read.diagnostics.some((d) => INPUT_CODES.has(d.code)) ||
      (read.mails.length === 0 && read.series.length === 0)
    ) {
      inputFailed = true;
      for (const d of read.diagnostics) failedInputs.add(d.file);
    }
    if (read.mails.length === 0) {
      for (const s of read.series)
        io.stderr(
          `kpw: note: ${input}: series ${s.id ?? '?'} lists ${s.patches.length} patches without diffs; fetch them with --patchwork URL series:${s.id ?? 'ID'}`,
        );
    }
    pushAll(mails, read.mails);
    pushAll(diagnostics, read.diagnostics);
  }
  return { mails, diagnostics, inputFailed, failedInputs };
}

/** One input: stdin, a file, or a Patchwork ref; undefined (after a message) when it cannot be had. */
async function readOne(
  input: string,
  opts: PatchRunOptions,
  io: CommandIo,
): Promise<PatchworkReadResult | undefined> {
  if (input === '-') {
    try {
      return readPatchText(await (opts.readStdin ?? readProcessStdin)(), STDIN_LABEL);
    } catch (err) {
      const why =
        err instanceof StdinTooLarge
          ? `more than ${LIMITS.stdinBytes} bytes, larger than the ${formatBytes(LIMITS.stdinBytes)} limit for stdin`
          : String((err as Error)?.message ?? err);
      io.stderr(`kpw: error: ${STDIN_LABEL}: cannot read: ${why}`);
      return undefined;
    }
  }
  if (pathExists(nodeFileHost, input)) return readPatchFile(input);
  if (isPatchworkRef(input)) {
    // The same inputs the editor's command takes: ids and Message-IDs on --patchwork, or web/API URLs.
    const parsed = parsePatchworkInput(input, opts.patchwork?.url);
    if (!parsed.ok) {
      io.stderr(`kpw: error: ${input}: ${parsed.error}`);
      return undefined;
    }
    // The token is for the --patchwork server: a URL naming another server is fetched without it.
    return fetchPatchworkRef(parsed.ref, {
      url: parsed.server,
      token: tokenFor(parsed.server, opts.patchwork?.url, opts.patchwork?.token),
    });
  }
  io.stderr(`kpw: error: ${input}: no such file or directory`);
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
