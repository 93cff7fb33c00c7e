// Runs the registered checks over a context (never throwing: a crashing check
// becomes one diagnostic naming it), and checkFiles(): build one header model
// per ABI for some files and check them, as `kpw check` and tests do.

import { resolve } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic';
import { ABIS, getAbi, type AbiSpec } from '../abi/index';
import {
  buildHeaderModel,
  createHeaderModelCache,
  type HeaderModel,
  type HeaderModelCache,
} from '../model/header-model';
import { kernelTreeRoot } from '../model/include-dirs';
import { initParser } from '../parser/tree-sitter';
import { nodeFileHost } from '../preprocess/preprocess';
import type { FileHost } from '../preprocess/types';
import { ZERO_RANGE } from '../text/position';
import type { CheckBaseline, CheckContext } from './types';
import { CHECKS, CHECK_INTERNAL_ERROR } from './registry';
import { readsDriverSources } from './driver-dispatch';

export interface RunOptions {
  /** Run only these codes. */
  only?: string[];
  /** Skip these codes. */
  disable?: string[];
}

export function runChecks(ctx: CheckContext, opts: RunOptions = {}): Diagnostic[] {
  const only = opts.only && new Set(opts.only);
  const disabled = new Set(opts.disable ?? []);
  const out: Diagnostic[] = [];
  if (ctx.models.length === 0) return out;
  for (const check of CHECKS) {
    if ((only && !only.has(check.id)) || disabled.has(check.id)) continue;
    if (ctx.signal?.aborted) break;
    try {
      out.push(...check.run(ctx));
    } catch (err) {
      out.push(internalError(ctx.files[0] ?? '<none>', `check '${check.id}' failed`, err));
    }
  }
  return out;
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
  only?: string[];
  disable?: string[];
  signal?: AbortSignal;
}

/** Models the files on every ABI and runs the checks; model diagnostics (deduplicated across ABIs) come first. */
export async function checkFiles(opts: CheckFilesOptions): Promise<Diagnostic[]> {
  const files = opts.files.map((f) => resolve(f));
  try {
    const { abis, unknown } = pickAbis(opts.abis);
    const host = opts.host ?? nodeFileHost;
    const models: HeaderModel[] = [];
    // Sibling caches: the ABIs share the lexed files and the declarations that come out the same.
    const caches: HeaderModelCache[] = [];
    for (const abi of abis) {
      const cache = createHeaderModelCache(caches[0]);
      caches.push(cache);
      models.push(
        await buildHeaderModel({ files, includeDirs: opts.includeDirs, abi, host, cache, signal: opts.signal }),
      );
    }
    for (const cache of caches) cache.parsed?.dispose();
    const ctx: CheckContext = {
      models,
      files,
      workspace: { root: opts.workspaceRoot ?? files.map((f) => kernelTreeRoot(f)).find((r) => r), host },
      baseline: opts.baseline,
      forceUapi: opts.forceUapi,
      signal: opts.signal,
    };
    // The driver checks read the tree's C sources with tree-sitter: load it only when they will.
    if (readsDriverSources(ctx.workspace.root)) await initParser();
    const modelDiags = dedupe(models.flatMap((m) => m.diagnostics));
    const notes = unknown.map((name) => internalNote(files[0] ?? '<none>', `unknown ABI '${name}' ignored`));
    return [...notes, ...modelDiags, ...runChecks(ctx, { only: opts.only, disable: opts.disable })];
  } catch (err) {
    return [internalError(files[0] ?? '<none>', 'checking failed', err)];
  }
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
  if (x86 > 0) abis.unshift(...abis.splice(x86, 1));
  return { abis: abis.length ? abis : [...ABIS], unknown };
}

function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const key = `${d.code}|${d.file}|${d.range.start.line}:${d.range.start.character}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
