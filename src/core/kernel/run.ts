// Runs the kernel-side checks on one C file (`kpw check file.c`, a patch's .c
// post-images, C files open in the editor): parse its functions with
// tree-sitter, model the UAPI headers it includes, run each check; never throws.

import { resolve } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic';
import { getAbi, type AbiSpec } from '../abi/index';
import { KERNEL_CHECKS } from '../checks/kernel-registry';
import { initParser } from '../parser/tree-sitter/tree-sitter';
import { parseCFlowSteps } from '../parser/tree-sitter/c-flow';
import { nodeFileHost } from '../host/node-file-host';
import type { FileHost } from '../preprocess/types';
import { ZERO_RANGE } from '../text/position';
import type { KernelCheckContext } from './types';
import { UapiLayouts } from './uapi-layouts';
import { pushAll } from '../text/push-all';
import { driveSync, type Drive, type Steps } from '../steps';

export interface CSourceCheckOptions {
  file: string;
  /** The text (an editor buffer, a patch's post-image); read through host when absent. */
  text?: string;
  host?: FileHost;
  /** Kernel tree root (include/uapi); inferred by the caller. */
  root?: string;
  includeDirs?: string[];
  abis?: string[];
  only?: string[];
  disable?: string[];
  /** Who runs the parse and the checks: at once by default (the CLI); the language server in slices
   *  (an abort then rejects with an AbortError). */
  drive?: Drive;
}

export async function checkCSource(opts: CSourceCheckOptions): Promise<Diagnostic[]> {
  try {
    await initParser();
  } catch (err) {
    return [internalError(resolve(opts.file), err)];
  }
  return (opts.drive ?? driveSync)(checkCSourceSteps(opts));
}

/** The same in steps (initParser() awaited first): the parse stops and resumes, the functions are read
 *  a few hundred syntax nodes at a time, and each check pauses between its units (a function, a call). */
export function* checkCSourceSteps(opts: CSourceCheckOptions): Steps<Diagnostic[]> {
  const file = resolve(opts.file);
  const host = opts.host ?? nodeFileHost;
  try {
    const text = opts.text ?? host.readFile(file);
    if (text === undefined) return [note(file, 'error', `cannot read ${file}`)];
    const flow = yield* parseCFlowSteps(file, text);
    yield;
    const abis = opts.abis?.map((a) => getAbi(a)).filter((a): a is AbiSpec => !!a);
    const lookup = new UapiLayouts({
      text,
      host,
      root: opts.root,
      includeDirs: opts.includeDirs,
      abis: abis?.length ? abis : undefined,
    });
    const ctx: KernelCheckContext = {
      file,
      text,
      flow,
      layouts: (t) => lookup.layouts(t),
      define: (n) => lookup.define(n),
    };
    // Kernel C is full of macros tree-sitter cannot place; only a parser that could not run is worth a note.
    const out: Diagnostic[] = flow.problems
      .filter((p) => !p.startsWith('syntax'))
      .map((p) => note(file, 'info', `${file}: ${p}`));
    for (const check of KERNEL_CHECKS) {
      if ((opts.only && !opts.only.includes(check.id)) || opts.disable?.includes(check.id)) continue;
      // A check that fails reports nothing but the failure (its findings so far are dropped).
      const found: Diagnostic[] = [];
      try {
        for (const unit of check.units(ctx)) {
          pushAll(found, unit);
          yield;
        }
        pushAll(out, found);
      } catch (err) {
        out.push(
          note(file, 'error', `internal error: check '${check.id}' failed: ${(err as Error).message}`),
        );
      }
    }
    return out;
  } catch (err) {
    return [internalError(file, err)];
  }
}

function internalError(file: string, err: unknown): Diagnostic {
  return note(file, 'error', `internal error: checking ${file} failed: ${(err as Error).message}`);
}

function note(file: string, severity: 'info' | 'error', message: string): Diagnostic {
  return { code: 'check-internal-error', severity, file, range: ZERO_RANGE, message };
}
