// Enumerator values and the integer type GCC gives an enum on an ABI: `int`
// or `unsigned int` when every value fits in 32 bits, a 64-bit type
// otherwise, the smallest fitting type for `packed` enums.

import type { BuiltinTypeName, EnumDecl, Expr } from '../lang/ast';
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
  // A type holds every value when it holds the least and the greatest (one pass, not one per
  // candidate type: 100,000 enumerators took ~150 ms when none of the 64-bit types held them).
  let min: bigint | undefined;
  let max: bigint | undefined;
  for (const v of values) {
    if (min === undefined || v < min) min = v;
    if (max === undefined || v > max) max = v;
  }
  const unsigned = min === undefined || min >= 0n;
  const list = candidates(abi, hasPacked(decl.attributes));
  for (const [bits, s, u] of list) {
    if (min === undefined || max === undefined || (fits(min, bits, unsigned) && fits(max, bits, unsigned)))
      return { type: unsigned ? u : s, unsigned };
  }
  const last = list[list.length - 1];
  return { type: unsigned ? last[2] : last[1], unsigned };
}

/** An enum's values under way (computed at once, or in steps across pauses: layout-context.ts). */
export interface EnumState {
  values: bigint[];
  errors: EnumInfo['errors'];
  overflow: EnumInfo['overflow'];
  next: bigint;
}

export const newEnumState = (): EnumState => ({ values: [], errors: [], overflow: undefined, next: 0n });

/** The values of enumerators [from, to), each the one before plus one unless given. */
export function enumRange(
  decl: EnumDecl,
  state: EnumState,
  from: number,
  to: number,
  evalInt: (e: Expr) => { ok: true; value: bigint } | { ok: false; error: string },
): void {
  const list = decl.enumerators ?? [];
  for (let index = from; index < to; index++) {
    const e = list[index];
    if (e.value) {
      const r = evalInt(e.value);
      if (r.ok) state.next = r.value;
      else state.errors.push({ index, message: `enumerator '${e.name}': ${r.error}` });
    }
    const next = state.next;
    if (!state.overflow && (next > ENUM_MAX || next < ENUM_MIN)) {
      const message = e.value
        ? `enumerator value for '${e.name}' (${next}) does not fit in a 64-bit integer`
        : `overflow in enumeration values at '${e.name}' (the previous value plus one is ${next})`;
      state.overflow = { index, message };
    }
    state.values.push(next);
    state.next = next + 1n;
  }
}

/** The finished enum: its values and the type gcc gives it on `abi`. */
export function enumDone(abi: AbiSpec, decl: EnumDecl, state: EnumState): EnumInfo {
  const { values, errors, overflow } = state;
  const u = enumUnderlying(abi, decl, values);
  return { underlying: u.type, unsigned: u.unsigned, values, errors, overflow };
}
