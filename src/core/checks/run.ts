// Runs the registered checks over a context (never throwing: a crashing check
// becomes one diagnostic naming it), and checkFiles(): build one header model
// per ABI for some files and check them, as `kpw check` and tests do.

import { resolve } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic';
import { ABIS, getAbi, type AbiSpec } from '../abi/index';
import { buildHeaderModel, type HeaderModel } from '../model/header-model';
import { kernelTreeRoot } from '../model/include-dirs';
import { nodeFileHost } from '../preprocess/preprocess';
import type { FileHost } from '../preprocess/types';
import { ZERO_RANGE } from '../text/position';
import type { CheckBaseline, CheckContext } from './types';
import { CHECKS, CHECK_INTERNAL_ERROR } from './registry';

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
  /** The same files before a change (served by another host, or at other paths): modelled per ABI
   *  into `baseline.models` for the compat-* checks. */
  before?: BeforeFiles;
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
    for (const abi of abis) {
      models.push(
        await buildHeaderModel({ files, includeDirs: opts.includeDirs, abi, host, signal: opts.signal }),
      );
    }
    const baseline = opts.before ? await withBeforeModels(opts, files, abis) : opts.baseline;
    const ctx: CheckContext = {
      models,
      files,
      workspace: { root: opts.workspaceRoot ?? files.map((f) => kernelTreeRoot(f)).find((r) => r), host },
      baseline,
      forceUapi: opts.forceUapi,
      signal: opts.signal,
    };
    const modelDiags = dedupe(models.flatMap((m) => m.diagnostics));
    const notes = unknown.map((name) => internalNote(files[0] ?? '<none>', `unknown ABI '${name}' ignored`));
    return [...notes, ...modelDiags, ...runChecks(ctx, { only: opts.only, disable: opts.disable })];
  } catch (err) {
    return [internalError(files[0] ?? '<none>', 'checking failed', err)];
  }
}

export interface BeforeFiles {
  host: FileHost;
  /** The before paths, parallel to `files` (the same paths by default). */
  files?: string[];
  includeDirs?: string[];
}

/** The baseline with the before models added; names taken from the before files' text when no baseline is given. */
async function withBeforeModels(opts: CheckFilesOptions, files: string[], abis: AbiSpec[]): Promise<CheckBaseline> {
  const before = opts.before as BeforeFiles;
  const beforeFiles = (before.files ?? files).map((f) => resolve(f));
  const models: HeaderModel[] = [];
  for (const abi of abis) {
    const includeDirs = before.includeDirs ?? opts.includeDirs;
    models.push(await buildHeaderModel({ files: beforeFiles, includeDirs, abi, host: before.host, signal: opts.signal }));
  }
  return { ...(opts.baseline ?? namesOf(files, beforeFiles, before.host)), models };
}

function namesOf(files: string[], beforeFiles: string[], host: FileHost): CheckBaseline {
  const defines = new Map<string, Set<string>>();
  const records = new Map<string, Set<string>>();
  files.forEach((file, i) => {
    const text = host.readFile(beforeFiles[i] ?? file) ?? '';
    defines.set(file, new Set([...text.matchAll(/^\s*#\s*define\s+([A-Za-z_]\w*)/gm)].map((m) => m[1])));
    records.set(file, new Set([...text.matchAll(/\b(?:struct|union)\s+([A-Za-z_]\w*)\s*\{/g)].map((m) => m[1])));
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
