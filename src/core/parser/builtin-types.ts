// Normalizes how C spells its base types (`long unsigned int`, `__signed__ char`,
// `_Bool`, `__int128`) into the BuiltinTypeName the ABIs give sizes for.
// Shared by the tree lowering and the recovery parser so both agree; the word
// list and the combining rule are the floor's (lang/type-words.ts), as in #if.

import type { BuiltinTypeName, TypeExpr } from '../lang/ast';
export { builtinFromWords, TYPE_WORDS } from '../lang/type-words';

/** Identifiers that name a builtin without being keywords. */
const NAMED_BUILTINS: Record<string, BuiltinTypeName> = {
  _Bool: '_Bool',
  bool: '_Bool',
  __int128: '__int128',
  __int128_t: '__int128',
  __uint128_t: 'unsigned __int128',
  void: 'void',
  char: 'char',
  short: 'short',
  int: 'int',
  long: 'long',
  float: 'float',
  double: 'double',
  signed: 'int',
  unsigned: 'unsigned int',
};

/** A type named by one identifier: a builtin spelled as a name, else a typedef reference. */
export function namedType(name: string): TypeExpr {
  const builtin = NAMED_BUILTINS[name];
  return builtin ? { kind: 'builtin', name: builtin } : { kind: 'typedef-ref', name };
}
