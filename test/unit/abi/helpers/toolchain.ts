// Finds Debian's cross compilers and readelf for an ABI, so oracle tests can
// ask the real GCC for ground truth. A missing tool yields undefined and the
// calling test skips with a message instead of failing.

import { spawnSync } from 'node:child_process';
import type { AbiSpec } from '../../../../src/core/abi/types';

const found = new Map<string, string | undefined>();

function works(cmd: string): boolean {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

function firstWorking(candidates: string[]): string | undefined {
  const key = candidates.join('|');
  if (!found.has(key)) found.set(key, candidates.find(works));
  return found.get(key);
}

function hostTriplePrefix(abi: AbiSpec): string[] {
  return abi.name === 'x86_64' && process.arch === 'x64' ? [''] : [];
}

/** The gcc driver for this ABI, or undefined when it is not installed. */
export function gccFor(abi: AbiSpec): string | undefined {
  return firstWorking([`${abi.triple}-gcc`, ...hostTriplePrefix(abi).map(() => 'gcc')]);
}

/** readelf for this ABI (any binutils readelf reads any ELF, the triple one is preferred). */
export function readelfFor(abi: AbiSpec): string | undefined {
  return firstWorking([`${abi.triple}-readelf`, 'readelf']);
}

/** Why a test skips when the compiler is missing. */
export function missingMessage(abi: AbiSpec): string {
  return `${abi.triple}-gcc not installed: skipping the ${abi.name} oracle check`;
}
