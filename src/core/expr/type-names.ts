// Type names inside constant expressions (casts, sizeof, _Alignof, offsetof):
// builtin specifier sets in any order, struct/union/enum tags, typedef names,
// qualifiers, pointers and array suffixes, lowered to the AST's TypeExpr.

import type { BuiltinTypeName, TypeExpr } from '../lang/ast';

const BUILTIN_WORDS = new Set([
  'void', 'char', 'short', 'int', 'long', 'signed', 'unsigned', '_Bool', 'bool', 'float', 'double',
  '__int128', '__int128_t', '__uint128_t', '__signed', '__signed__', '_Complex',
]);

const QUALIFIERS = new Set([
  'const', 'volatile', 'restrict', '__const', '__const__', '__volatile', '__volatile__',
  '__restrict', '__restrict__', '_Atomic', '__extension__',
]);

/** Names that are typedefs by kernel convention: `__u32`, `__s8`, `__le16`, `__be64`, or `*_t`. */
export function defaultIsTypeName(name: string): boolean {
  return /^__(u|s|le|be)\d+$/.test(name) || /_t$/.test(name);
}

export function isBuiltinWord(name: string): boolean {
  return BUILTIN_WORDS.has(name);
}

export function isQualifier(name: string): boolean {
  return QUALIFIERS.has(name);
}

/** Lowers a multiset of builtin specifier words (any order) to a BuiltinTypeName, or an error text. */
export function lowerBuiltin(words: string[]): BuiltinTypeName | string {
  let signed = 0;
  let unsigned = 0;
  let longs = 0;
  const base: string[] = [];
  for (const w of words) {
    if (w === 'signed' || w === '__signed' || w === '__signed__') signed++;
    else if (w === 'unsigned') unsigned++;
    else if (w === 'long') longs++;
    else if (w === '__int128_t') base.push('__int128');
    else if (w === '__uint128_t') {
      base.push('__int128');
      unsigned++;
    } else if (w === 'bool') base.push('_Bool');
    else base.push(w);
  }
  const spelled = words.join(' ');
  if ((signed && unsigned) || base.length > 1 || longs > 2) return `invalid type '${spelled}'`;
  const b = base[0] ?? 'int';
  const u = unsigned > 0;
  switch (b) {
    case 'int':
      if (longs === 2) return u ? 'unsigned long long' : 'long long';
      if (longs === 1) return u ? 'unsigned long' : 'long';
      return u ? 'unsigned int' : 'int';
    case 'short':
      if (longs) return `invalid type '${spelled}'`;
      return u ? 'unsigned short' : 'short';
    case 'char':
      if (longs) return `invalid type '${spelled}'`;
      return u ? 'unsigned char' : signed ? 'signed char' : 'char';
    case '__int128':
      return u ? 'unsigned __int128' : '__int128';
    case 'double':
      if (signed || unsigned || longs > 1) return `invalid type '${spelled}'`;
      return longs ? 'long double' : 'double';
    case 'void':
    case '_Bool':
    case 'float':
      if (signed || unsigned || longs) return `invalid type '${spelled}'`;
      return b as BuiltinTypeName;
    default:
      return `invalid type '${spelled}'`;
  }
}

export type { TypeExpr };
