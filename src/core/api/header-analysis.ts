// The front door for header analysis, the one way the CLI, the language server
// and the tests turn headers into findings: one model per ABI, the models' own
// diagnostics merged across ABIs (naming the ABIs when only some report one),
// the checks, one code filter, one order (file, line, column).

import { resolve } from 'node:path';
import type { AbiSpec } from '../abi/types';
import { checkModelSteps, modelAndCheck, type BeforeFiles } from '../checks/run';
import { runSync, type Steps } from '../steps';
import type { CheckBaseline } from '../analysis/context';
import type { CodeFilter } from '../diag/codes';
import type { Diagnostic } from '../diag/diagnostic';
import {
  buildHeaderModelSteps,
  createHeaderModelCache,
  type HeaderModel,
  type HeaderModelCache,
} from '../model/header-model';
import { kernelTreeRoot } from '../model/include-dirs';
import type { FileHost } from '../host/types';

export interface HeaderAnalysisOptions {
  /** The headers analyzed together as one translation unit. */
  files: string[];
  /** User include directories (-I), searched first. */
  includeDirs?: string[];
  /** ABI names or aliases; all ABIs by default (x86_64, when present, is the reference). */
  abis?: string[];
  /** Where files are read (the disk by default; the editor's unsaved buffers first in the server). */
  host?: FileHost;
  /** Workspace folders: the root for cross-file checks when a header is not inside a kernel tree. */
  folders?: readonly string[];
  /** Names that existed before a change (a patch's pre-image). */
  baseline?: CheckBaseline;
  /** Apply the UAPI rules outside include/uapi and installed headers. */
  forceUapi?: boolean;
  /** false: no quick fixes built (a face that shows none, like kpw check); the same findings. */
  fixes?: boolean;
  /** The same files before a change (a git ref, another tree): the compat-* checks compare with them. */
  before?: BeforeFiles;
  codes?: CodeFilter;
  signal?: AbortSignal;
  /** Findings only (kpw check): each ABI but the reference is cut down to the layouts the
   *  cross-ABI checks read as soon as it is built (see releaseModel), so `models` beyond the
   *  first answer only `abi`, `diagnostics` and `record()`. The findings are the same. */
  releaseModels?: boolean;
}

export interface HeaderAnalysis {
  /** Merged, filtered and sorted findings on every file the unit reads. */
  diagnostics: Diagnostic[];
  /** One model per ABI, the reference ABI first. */
  models: HeaderModel[];
}

/** Models `files` on every ABI and checks them; never throws (problems become diagnostics). */
export async function analyzeHeaders(opts: HeaderAnalysisOptions): Promise<HeaderAnalysis> {
  const files = opts.files.map((f) => resolve(f));
  return modelAndCheck({
    ...opts,
    files,
    workspaceRoot: workspaceRootFor(files[0] ?? '', opts.folders ?? []),
  });
}

/**
 * The same analysis over models a face already holds (the editor keeps
 * incremental per-document models, see modelHeaders): merge, checks, filter, order.
 */
export function analyzeHeaderModels(
  models: readonly HeaderModel[],
  opts: Omit<HeaderAnalysisOptions, 'abis' | 'includeDirs' | 'host' | 'before'> & {
    host: FileHost;
    /** The same files before a change, one model per ABI (the editor's git ref). */
    before?: HeaderModel[];
  },
): Diagnostic[] {
  return runSync(analyzeHeaderModelSteps(models, opts));
}

/** The same as analyzeHeaderModels, pausing between checks (the server runs it in time slices). */
export function analyzeHeaderModelSteps(
  models: readonly HeaderModel[],
  opts: Parameters<typeof analyzeHeaderModels>[1],
): Steps<Diagnostic[]> {
  const files = opts.files.map((f) => resolve(f));
  return checkModelSteps(models, {
    files,
    workspace: { root: workspaceRootFor(files[0] ?? '', opts.folders ?? []), host: opts.host },
    baseline: opts.baseline,
    before: opts.before,
    forceUapi: opts.forceUapi,
    codes: opts.codes,
    signal: opts.signal,
  });
}

export interface ModelHeadersOptions {
  files: string[];
  abis: readonly AbiSpec[];
  includeDirs?: string[];
  host: FileHost;
  /** Caches per ABI name, kept by the caller between builds (filled here). */
  caches: Map<string, HeaderModelCache>;
  signal?: AbortSignal;
}

/** One model per ABI, synchronously, reusing (and filling) the caller's caches: the editor's rebuild after an edit. */
export function modelHeaders(opts: ModelHeadersOptions): HeaderModel[] {
  return runSync(modelHeaderSteps(opts));
}

/** The same as modelHeaders, pausing at the build's checkpoints: the language server drives it in
 *  time slices (runSliced) so that no other request waits long behind it, and can abandon it. */
export function* modelHeaderSteps(opts: ModelHeadersOptions): Steps<HeaderModel[]> {
  const models: HeaderModel[] = [];
  for (const abi of opts.abis) {
    let cache = opts.caches.get(abi.name);
    // Sibling caches share what does not depend on the ABI (the lexed files).
    if (!cache)
      opts.caches.set(abi.name, (cache = createHeaderModelCache(opts.caches.values().next().value)));
    const model = yield* buildHeaderModelSteps({
      files: opts.files,
      abi,
      host: opts.host,
      cache,
      includeDirs: opts.includeDirs,
      signal: opts.signal,
      abiCount: opts.abis.length,
    });
    models.push(model);
  }
  return models;
}

/** The root for cross-file checks: the kernel tree holding the header, else a workspace folder holding it. */
export function workspaceRootFor(path: string, folders: readonly string[]): string | undefined {
  return kernelTreeRoot(path) ?? folders.find((f) => path.startsWith(f.endsWith('/') ? f : `${f}/`));
}
