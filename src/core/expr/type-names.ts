// Type names inside constant expressions (casts, sizeof, _Alignof, offsetof):
// builtin specifier sets in any order, struct/union/enum tags, typedef names,
// qualifiers, pointers and array suffixes, lowered to the AST's TypeExpr.

import type { BuiltinTypeName, TypeExpr } from '../lang/ast';
import { builtinFromWords, TYPE_QUALIFIERS, TYPE_WORDS } from '../lang/type-words';

/** Names that are typedefs by kernel convention: `__u32`, `__s8`, `__le16`, `__be64`, or `*_t`. */
export function defaultIsTypeName(name: string): boolean {
  return /^__(u|s|le|be)\d+$/.test(name) || /_t$/.test(name);
}

export function isBuiltinWord(name: string): boolean {
  return TYPE_WORDS.has(name);
}

/** The one list of qualifiers, plus the two words a type name in an expression also skips
 *  (declarations read `_Atomic` and `__extension__` where they stand). */
export function isQualifier(name: string): boolean {
  return TYPE_QUALIFIERS.has(name) || name === '_Atomic' || name === '__extension__';
}

/** Lowers a multiset of builtin specifier words (any order) to a BuiltinTypeName, or an error text. */
export function lowerBuiltin(words: string[]): BuiltinTypeName | string {
  return builtinFromWords(words) ?? `invalid type '${words.join(' ')}'`;
}

export type { TypeExpr };
