// The types the constant-expression evaluator reasons with: an integer type's
// width, signedness and rank, whether a value fits one, the widths that typedef
// names say (`__u32`, `uint8_t`), and a type spelled for messages. Split from evaluate.ts.

import type { TypeExpr } from '../lang/ast';

/** An integer type: width, signedness and conversion rank (1 int, 2 long, 3 long long, 4 __int128). */
export interface IntType {
  bits: number;
  unsigned: boolean;
  rank: number;
}

export function fits(v: bigint, t: IntType): boolean {
  if (t.unsigned) return v >= 0n && v < 1n << BigInt(t.bits);
  const half = 1n << BigInt(t.bits - 1);
  return v >= -half && v < half;
}

/** Integer typedefs whose names say their width: __u32, __s8, __le16, __be64, u32, uint32_t, int8_t, size_t. */
export function typedefGuess(type: TypeExpr): { bits: number; unsigned: boolean } | undefined {
  if (type.kind !== 'typedef-ref') return undefined;
  const m = /^(?:__)?(u|s|le|be)(8|16|32|64)$/.exec(type.name);
  if (m) return { bits: Number(m[2]), unsigned: m[1] !== 's' };
  const t = /^(u?)int(8|16|32|64)_t$/.exec(type.name);
  if (t) return { bits: Number(t[2]), unsigned: t[1] === 'u' };
  return undefined;
}

export function typeText(t: TypeExpr): string {
  switch (t.kind) {
    case 'builtin':
      return t.name;
    case 'typedef-ref':
      return t.name;
    case 'record-ref':
      return `${t.tag} ${t.name}`;
    case 'enum-ref':
      return `enum ${t.name}`;
    case 'pointer':
      return `${typeText(t.to)} *`;
    case 'array':
      return `${typeText(t.of)}[]`;
    case 'record':
      return `${t.decl.kind} ${t.decl.name ?? '<anonymous>'}`;
    case 'enum':
      return `enum ${t.decl.name ?? '<anonymous>'}`;
    case 'function':
      return `${typeText(t.returns)} ()`;
    case 'unknown':
      return t.text;
  }
}
