// Packs and unpacks ioctl numbers the way each architecture's <asm/ioctl.h>
// does (`_IOC(dir, type, nr, size)`): asm-generic uses 14 size bits and 2
// direction bits, powerpc 13 and 3 with different direction values.

import type { AbiSpec } from './types';

export type IocDir = 'none' | 'read' | 'write' | 'read-write';

export interface IocFields {
  dir: IocDir;
  /** The raw direction bits as the architecture encodes them. */
  dirBits: number;
  type: number;
  nr: number;
  size: number;
}

function dirValue(abi: AbiSpec, dir: IocDir | number): number {
  if (typeof dir === 'number') return dir;
  const { none, read, write } = abi.ioc;
  return dir === 'none' ? none : dir === 'read' ? read : dir === 'write' ? write : read | write;
}

function dirName(abi: AbiSpec, bits: number): IocDir {
  const { read, write } = abi.ioc;
  if (bits === (read | write)) return 'read-write';
  if (bits === read) return 'read';
  if (bits === write) return 'write';
  // _IOC_NONE, or a value the architecture does not define (0 on powerpc).
  return 'none';
}

function mask(bits: number): bigint {
  return (1n << BigInt(bits)) - 1n;
}

/** `_IOC(dir, type, nr, size)` for this ABI; fields wider than their bit budget are truncated like the C macro would. */
export function iocEncode(
  abi: AbiSpec,
  dir: IocDir | number,
  type: number,
  nr: number,
  size: number,
): number {
  const e = abi.ioc;
  const nrShift = 0n;
  const typeShift = nrShift + BigInt(e.nrBits);
  const sizeShift = typeShift + BigInt(e.typeBits);
  const dirShift = sizeShift + BigInt(e.sizeBits);
  const v =
    ((BigInt(dirValue(abi, dir)) & mask(e.dirBits)) << dirShift) |
    ((BigInt(size) & mask(e.sizeBits)) << sizeShift) |
    ((BigInt(type) & mask(e.typeBits)) << typeShift) |
    ((BigInt(nr) & mask(e.nrBits)) << nrShift);
  return Number(v & 0xffffffffn);
}

/** Splits an ioctl number into its `_IOC` fields for this ABI. */
export function iocDecode(abi: AbiSpec, value: number | bigint): IocFields {
  const e = abi.ioc;
  const v = BigInt(value) & 0xffffffffn;
  const nr = Number(v & mask(e.nrBits));
  const type = Number((v >> BigInt(e.nrBits)) & mask(e.typeBits));
  const size = Number((v >> BigInt(e.nrBits + e.typeBits)) & mask(e.sizeBits));
  const dirBits = Number((v >> BigInt(e.nrBits + e.typeBits + e.sizeBits)) & mask(e.dirBits));
  return { dir: dirName(abi, dirBits), dirBits, type, nr, size };
}
