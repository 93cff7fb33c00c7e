// The ABIs kpw knows, by name and by the aliases people type
// (`amd64`, `arm64`, `armhf`, ...), plus the ABI of the machine we run on.

import { endianness } from 'node:os';
import type { AbiSpec } from './types';
import { X86_64 } from './x86_64';
import { I386 } from './i386';
import { S390X } from './s390x';
import { AARCH64 } from './aarch64';
import { PPC64LE } from './ppc64le';
import { ARM } from './arm';
import { RISCV64 } from './riscv64';

export type { AbiSpec, IocEncoding, SizeAlign } from './types';

/** Every supported ABI, x86_64 first (the usual reference in comparisons). */
export const ABIS: readonly AbiSpec[] = [X86_64, I386, S390X, AARCH64, PPC64LE, ARM, RISCV64];

export const ALL_ABI_NAMES: readonly string[] = ABIS.map((a) => a.name);

const ALIASES: Record<string, string> = {
  amd64: 'x86_64',
  'x86-64': 'x86_64',
  x64: 'x86_64',
  x86: 'i386',
  i686: 'i386',
  i586: 'i386',
  ia32: 'i386',
  s390: 's390x',
  arm64: 'aarch64',
  ppc64el: 'ppc64le',
  powerpc64le: 'ppc64le',
  armhf: 'arm',
  armv7: 'arm',
  arm32: 'arm',
  riscv: 'riscv64',
};

/** Looks an ABI up by name, alias or GNU triple (case-insensitive). */
export function getAbi(name: string): AbiSpec | undefined {
  const key = name.trim().toLowerCase();
  const canonical = ALIASES[key] ?? key;
  return ABIS.find((a) => a.name === canonical || a.triple === key || a.multiarch === key);
}

const NODE_ARCH: Record<string, string> = {
  x64: 'x86_64',
  ia32: 'i386',
  s390x: 's390x',
  arm64: 'aarch64',
  ppc64: 'ppc64le',
  arm: 'arm',
  riscv64: 'riscv64',
};

/** The ABI of the running machine; x86_64 when Node's arch is not one we model (or big-endian POWER). */
export function hostAbi(): AbiSpec {
  if (process.arch === 'ppc64' && endianness() !== 'LE') return X86_64;
  return getAbi(NODE_ARCH[process.arch] ?? 'x86_64') ?? X86_64;
}
