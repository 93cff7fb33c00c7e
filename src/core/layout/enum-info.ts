// Enumerator values and the integer type GCC gives an enum on an ABI: `int`
// or `unsigned int` when every value fits in 32 bits, a 64-bit type
// otherwise, the smallest fitting type for `packed` enums.

import type { BuiltinTypeName, EnumDecl } from '../lang/ast';
import type { AbiSpec } from '../abi/types';
import { hasPacked } from './attributes';

export interface EnumInfo {
  /** The compatible integer type (what `sizeof` and bitfield rules use). */
  underlying: BuiltinTypeName;
  unsigned: boolean;
  values: bigint[];
  /** Why an enumerator had no value (it then counts as previous + 1). */
  errors: { index: number; message: string }[];
  /** Set when an enumerator's value fits no type gcc gives enums (it rejects the enum). */
  overflow?: { index: number; message: string };
}

/** The widest values gcc accepts for an enumerator: the 64-bit integer types. */
export const ENUM_MIN = -(1n << 63n);
export const ENUM_MAX = (1n << 64n) - 1n;

type Candidate = [bits: number, signed: BuiltinTypeName, unsigned: BuiltinTypeName];

function candidates(abi: AbiSpec, packed: boolean): Candidate[] {
  const wide: Candidate =
    abi.types.long.size === 8 ? [64, 'long', 'unsigned long'] : [64, 'long long', 'unsigned long long'];
  const int: Candidate = [32, 'int', 'unsigned int'];
  const big: Candidate[] = abi.unsupported?.includes('__int128')
    ? []
    : [[128, '__int128', 'unsigned __int128']];
  if (!packed) return [int, wide, ...big];
  return [[8, 'signed char', 'unsigned char'], [16, 'short', 'unsigned short'], int, wide, ...big];
}

function fits(v: bigint, bits: number, unsigned: boolean): boolean {
  const b = BigInt(bits);
  return unsigned ? v >= 0n && v < 1n << b : v >= -(1n << (b - 1n)) && v < 1n << (b - 1n);
}

/** Picks GCC's type for an enum whose enumerators have the given values. */
export function enumUnderlying(
  abi: AbiSpec,
  decl: EnumDecl,
  values: bigint[],
): { type: BuiltinTypeName; unsigned: boolean } {
  const unsigned = values.every((v) => v >= 0n);
  const list = candidates(abi, hasPacked(decl.attributes));
  for (const [bits, s, u] of list) {
    if (values.every((v) => fits(v, bits, unsigned))) return { type: unsigned ? u : s, unsigned };
  }
  const last = list[list.length - 1];
  return { type: unsigned ? last[2] : last[1], unsigned };
}
