// Runs the registered checks over a context (never throwing: a crashing check
// becomes one diagnostic naming it); checkModels(): the one merge of the models'
// own diagnostics across ABIs plus the checks, filtered by code and sorted; and
// checkFiles(): build one model per ABI and check them. Faces enter through
// src/core/api/header-analysis.ts, never here, so the CLI and editor agree.

import { resolve } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic';
import { codeAllowed, type CodeFilter } from '../diag/codes';
import { compareDiagnostics } from '../diag/sort';
import { sortSteps } from '../sort-steps';
import { ABIS, getAbi, type AbiSpec } from '../abi/index';
import {
  buildHeaderModel,
  createHeaderModelCache,
  type HeaderModel,
  type HeaderModelCache,
} from '../model/header-model';
import { kernelTreeRoot } from '../model/include-dirs';
import { ReleasedNames, releaseModel } from '../model/released-model';
import { nodeFileHost } from '../host/node-file-host';
import { confineHost } from '../host/confine';
import type { FileHost } from '../host/types';
import { initParser } from '../parser/tree-sitter/tree-sitter';
import { ZERO_RANGE } from '../text/position';
import type { CheckBaseline, CheckContext } from './types';
import { CHECKS, CHECK_INTERNAL_ERROR } from './registry';
import { readsDriverSources } from '../analysis/driver-dispatch';
import { scopeNotes, UAPI_CHECKS_OFF } from '../analysis/scope-note';
import { driveSync, isAbortError, runSync, type Drive, type Steps } from '../steps';
import { modelFamiliesSteps } from '../analysis/model-families';
import { pushAll } from '../text/push-all';
import { flatString } from '../text/compact';

export interface RunOptions {
  /** Run only these codes. */
  only?: string[];
  /** Skip these codes. */
  disable?: string[];
}

export function runChecks(ctx: CheckContext, opts: RunOptions = {}): Diagnostic[] {
  return runSync(runCheckSteps(ctx, opts));
}

/** The same, pausing before each check (the language server runs them in time slices). */
export function* runCheckSteps(ctx: CheckContext, opts: RunOptions = {}): Steps<Diagnostic[]> {
  const only = opts.only && new Set(opts.only);
  const disabled = new Set(opts.disable ?? []);
  const out: Diagnostic[] = [];
  if (ctx.models.length === 0) return out;
  // Why a header outside include/uapi/ shows no UAPI findings (editor and kpw check alike).
  if (!disabled.has(UAPI_CHECKS_OFF) && (!only || only.has(UAPI_CHECKS_OFF))) pushAll(out, scopeNotes(ctx));
  for (const check of CHECKS) {
    if ((only && !only.has(check.id)) || disabled.has(check.id)) continue;
    if (ctx.signal?.aborted) break;
    yield;
    try {
      // Each value and the families then found already (memos): the check gives the same answers.
      if (check.readsAllDefines) yield* modelFamiliesSteps(ctx.models[0]);
      pushAll(out, flatMessages(check.steps ? yield* check.steps(ctx) : check.run(ctx)));
    } catch (err) {
      out.push(internalError(ctx.files[0] ?? '<none>', `check '${check.id}' failed`, err));
    }
  }
  return out;
}

/** The findings with their messages stored flat: a message is built from template pieces (a tree
 *  of concatenations in V8, ~290 bytes for 165 characters), and a run holds every finding until it
 *  is printed (40,000 on a 10,000-struct header: ~6 MB less flat). Same text; returns `list`. */
function flatMessages(list: Diagnostic[]): Diagnostic[] {
  for (const d of list) {
    flatString(d.message);
    for (const r of d.related ?? []) flatString(r.message);
  }
  return list;
}

export interface CheckFilesOptions {
  files: string[];
  includeDirs?: string[];
  /** ABI names or aliases; all ABIs by default. x86_64, when present, is the reference. */
  abis?: string[];
  host?: FileHost;
  /** The kernel tree root (holding include/ and drivers/); inferred from the first file when absent. */
  workspaceRoot?: string;
  baseline?: CheckBaseline;
  /** The same files before a change (served by another host, or at other paths): modelled per ABI
   *  into `baseline.models` for the compat-* checks. */
  before?: BeforeFiles;
  forceUapi?: boolean;
  only?: string[];
  disable?: string[];
  signal?: AbortSignal;
}

/** What checkModels needs besides the models: the CheckContext minus the models, plus the code filter. */
export interface CheckModelsOptions extends Omit<CheckContext, 'models'> {
  codes?: CodeFilter;
  /** Notes about the run itself (an unknown ABI), listed with the findings. */
  notes?: Diagnostic[];
}

/**
 * The models' own diagnostics merged across ABIs (mergeAcrossAbis), then every
 * check's findings; only the codes `opts.codes` allows; sorted by file, line and
 * column (stable, so a line's findings keep the order they were found in).
 */
export function checkModels(models: readonly HeaderModel[], opts: CheckModelsOptions): Diagnostic[] {
  return runSync(checkModelSteps(models, opts));
}

/** The same as checkModels, pausing between checks. */
export function* checkModelSteps(
  models: readonly HeaderModel[],
  opts: CheckModelsOptions,
): Steps<Diagnostic[]> {
  const ctx: CheckContext = { ...opts, models: [...models] };
  const merged = yield* mergeAcrossAbiSteps(models);
  yield;
  const checked = yield* runCheckSteps(ctx, {
    only: opts.codes?.only?.slice(),
    disable: opts.codes?.disable?.slice(),
  });
  const found = [...(opts.notes ?? []), ...merged, ...checked];
  yield;
  // The same order as sortDiagnostics (both stable, one comparator), in steps: a patch creating a
  // 1 MB one-line header has 60,000 findings, whose sort in one go held the server ~65 ms.
  return yield* sortSteps(
    found.filter((d) => codeAllowed(d.code, opts.codes)),
    compareDiagnostics,
  );
}

/**
 * Model diagnostics over every ABI, one per distinct problem (code, file,
 * position, message); a problem that only some ABIs have names them
 * (`#error not supported here [i386]`), unless its message already does.
 */
export function mergeAcrossAbis(models: readonly HeaderModel[]): Diagnostic[] {
  return runSync(mergeAcrossAbiSteps(models));
}

/** The same, pausing every 4096 diagnostics (a damaged 1 MB header has ~70,000 per ABI). */
function* mergeAcrossAbiSteps(models: readonly HeaderModel[]): Steps<Diagnostic[]> {
  const seen = new Map<string, { d: Diagnostic; abis: Set<string> }>();
  let tick = 0;
  for (const model of models) {
    for (const d of model.diagnostics) {
      if ((++tick & 4095) === 0) yield;
      const key = `${d.code}|${d.file}|${d.range.start.line}:${d.range.start.character}|${d.message}`;
      const entry = seen.get(key) ?? { d, abis: new Set<string>() };
      entry.abis.add(model.abi.name);
      seen.set(key, entry);
    }
  }
  return [...seen.values()].map(({ d, abis }) => {
    const names = [...abis];
    if (abis.size === models.length || names.every((a) => d.message.includes(a))) return d;
    return { ...d, message: `${d.message} [${names.join(', ')}]` };
  });
}

export interface CheckFilesOptions {
  files: string[];
  includeDirs?: string[];
  /** ABI names or aliases; all ABIs by default. x86_64, when present, is the reference. */
  abis?: string[];
  host?: FileHost;
  /** The kernel tree root (holding include/ and drivers/); inferred from the first file when absent. */
  workspaceRoot?: string;
  baseline?: CheckBaseline;
  forceUapi?: boolean;
  /** false: the checks build no quick fixes (CheckContext.fixes). */
  fixes?: boolean;
  codes?: CodeFilter;
  signal?: AbortSignal;
  /** Who runs each model build and the checks (default driveSync: at once). A driver that rejects
   *  with an AbortError (runSliced on an aborted signal) makes checkFiles reject with it. */
  drive?: Drive;
  /** Keep of each ABI but the reference only what the cross-ABI checks read (releaseModel): the
   *  returned models other than the first answer only `abi`, `diagnostics` and `record(name)` for
   *  the reference's main records. Ignored when compat models are built (`before`, `baseline.models`). */
  releaseModels?: boolean;
}

/** Models the files on every ABI and checks them (checkModels); never throws but an abort of `opts.drive`. */
export async function checkFiles(opts: CheckFilesOptions): Promise<Diagnostic[]> {
  return (await modelAndCheck({ releaseModels: true, ...opts })).diagnostics;
}

/** checkFiles, also returning the models built (reference ABI first). */
export async function modelAndCheck(
  opts: CheckFilesOptions,
): Promise<{ diagnostics: Diagnostic[]; models: HeaderModel[] }> {
  const files = opts.files.map((f) => resolve(f));
  const models: HeaderModel[] = [];
  const drive = opts.drive ?? driveSync;
  try {
    const { abis, unknown } = pickAbis(opts.abis);
    const host = opts.host ?? nodeFileHost;
    // In a function of its own: its locals (the last ABI's whole model and cache, the reference's
    // sibling cache) end with it instead of staying live in this frame through the checks.
    await buildModels(opts, { files, abis, host, drive }, models);
    const baseline = opts.before ? await withBeforeModels(opts, files, abis) : opts.baseline;
    const workspaceRoot = opts.workspaceRoot ?? files.map((f) => kernelTreeRoot(f)).find((r) => r);
    // The driver checks read the tree's C sources with tree-sitter: load it only when they will.
    if (readsDriverSources(workspaceRoot, host)) await initParser();
    const diagnostics = await drive(
      checkModelSteps(models, {
        files,
        workspace: workspaceOf(workspaceRoot, host, [...files, ...models.flatMap((m) => m.roots ?? [])]),
        baseline,
        forceUapi: opts.forceUapi,
        fixes: opts.fixes,
        signal: opts.signal,
        codes: opts.codes,
        notes: unknown.map((name) => internalNote(files[0] ?? '<none>', `unknown ABI '${name}' ignored`)),
      }),
    );
    return { diagnostics, models };
  } catch (err) {
    // Cancelled (an edit in the editor): no result at all, not a finding about the file.
    if (isAbortError(err)) throw err;
    return { diagnostics: [internalError(files[0] ?? '<none>', 'checking failed', err)], models };
  }
}

/**
 * One model per ABI into `models` (reference first); each ABI after the reference cut down to
 * what the cross-ABI checks read when `opts.releaseModels` (and no compat models). The caches
 * are let go (their parses disposed) before it returns, also when a build throws.
 */
async function buildModels(
  opts: CheckFilesOptions,
  run: { files: string[]; abis: AbiSpec[]; host: FileHost; drive: Drive },
  models: HeaderModel[],
): Promise<void> {
  // Sibling caches: the ABIs share the lexed files and the declarations that come out the same.
  const caches: HeaderModelCache[] = [];
  // The compat-* checks diff whole models per ABI: with a before, every model stays.
  const release = opts.releaseModels && !opts.before && !opts.baseline?.models;
  // The reference's main record names, indexed once for every released ABI.
  let names: ReleasedNames | undefined;
  try {
    for (const abi of run.abis) {
      const cache = createHeaderModelCache(caches[0]);
      // Released models evaluate no #define value and the reference evaluates each once: recording
      // what every evaluation asked, for a reuse that never comes, was a share of the checks' time.
      if (release) cache.defines = null;
      const model = await buildHeaderModel({
        files: run.files,
        includeDirs: opts.includeDirs,
        abi,
        host: run.host,
        cache,
        signal: opts.signal,
        drive: run.drive,
        abiCount: run.abis.length,
      });
      if (release && models.length > 0) {
        // Only the reference's cache is a sibling to the others; this one's parse goes with its model.
        cache.parsed?.dispose();
        names ??= new ReleasedNames(referenceNames(models[0]));
        models.push(releaseModel(model, names));
      } else {
        caches.push(cache);
        models.push(model);
      }
    }
  } finally {
    for (const cache of caches) cache.parsed?.dispose();
  }
}

/** The names the cross-ABI checks look up on the other ABIs: the reference's main records. */
function referenceNames(ref: HeaderModel): string[] {
  return ref.mainRecords().map((l) => l.name);
}

export interface BeforeFiles {
  host: FileHost;
  /** The before paths, parallel to `files` (the same paths by default). */
  files?: string[];
  includeDirs?: string[];
}

/** The baseline with the before models added; names taken from the before files' text when no baseline is given. */
async function withBeforeModels(
  opts: CheckFilesOptions,
  files: string[],
  abis: AbiSpec[],
): Promise<CheckBaseline> {
  const before = opts.before as BeforeFiles;
  const beforeFiles = (before.files ?? files).map((f) => resolve(f));
  const models: HeaderModel[] = [];
  for (const abi of abis) {
    const includeDirs = before.includeDirs ?? opts.includeDirs;
    models.push(
      await buildHeaderModel({
        files: beforeFiles,
        includeDirs,
        abi,
        host: before.host,
        signal: opts.signal,
        drive: opts.drive,
      }),
    );
  }
  return { ...(opts.baseline ?? namesOf(files, beforeFiles, before.host)), models };
}

function namesOf(files: string[], beforeFiles: string[], host: FileHost): CheckBaseline {
  const defines = new Map<string, Set<string>>();
  const records = new Map<string, Set<string>>();
  files.forEach((file, i) => {
    const text = host.readFile(beforeFiles[i] ?? file) ?? '';
    defines.set(file, new Set([...text.matchAll(/^\s*#\s*define\s+([A-Za-z_]\w*)/gm)].map((m) => m[1])));
    records.set(
      file,
      new Set([...text.matchAll(/\b(?:struct|union)\s+([A-Za-z_]\w*)\s*\{/g)].map((m) => m[1])),
    );
  });
  return { defines, records };
}

/** The ABIs to model, reference first: x86_64 when it is among them. */
function pickAbis(names?: string[]): { abis: AbiSpec[]; unknown: string[] } {
  if (!names || names.length === 0) return { abis: [...ABIS], unknown: [] };
  const abis: AbiSpec[] = [];
  const unknown: string[] = [];
  for (const n of names) {
    const abi = getAbi(n);
    if (!abi) unknown.push(n);
    else if (!abis.includes(abi)) abis.push(abi);
  }
  const x86 = abis.findIndex((a) => a.name === 'x86_64');
  if (x86 > 0) abis.unshift(abis.splice(x86, 1)[0]);
  return { abis: abis.length ? abis : [...ABIS], unknown };
}

function internalError(file: string, what: string, err: unknown): Diagnostic {
  const detail =
    err instanceof Error
      ? `${err.message}${err.stack ? `\n${err.stack.split('\n').slice(1, 4).join('\n')}` : ''}`
      : String(err);
  return {
    code: CHECK_INTERNAL_ERROR,
    severity: 'error',
    file,
    range: ZERO_RANGE,
    message: `internal error: ${what}: ${detail}`,
  };
}

function internalNote(file: string, message: string): Diagnostic {
  return { code: CHECK_INTERNAL_ERROR, severity: 'info', file, range: ZERO_RANGE, message };
}

/** What the checks read (driver sources, member spellings): confined to the tree and the models' roots. */
function workspaceOf(
  root: string | undefined,
  host: FileHost,
  roots: readonly string[],
): CheckContext['workspace'] {
  return { root, host: confineHost(host, root ? [root, ...roots] : roots) };
}
