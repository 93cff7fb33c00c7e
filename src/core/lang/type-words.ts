// The one list of C's base-type words and the one rule combining them in any
// order (`long unsigned int`, `__signed__ char`, `__uint128_t`) into the
// BuiltinTypeName the ABIs give sizes for: declarations and #if/sizeof agree.

import type { BuiltinTypeName } from './ast';

/** Spellings that stand for another word (`__uint128_t` also counts as `unsigned`). */
const WORD_ALIASES: Record<string, string> = {
  __signed__: 'signed',
  __signed: 'signed',
  bool: '_Bool',
  __int128_t: '__int128',
  __uint128_t: '__int128',
};

/** Words that combine into a base type. */
export const TYPE_WORDS: ReadonlySet<string> = new Set([
  'void',
  'char',
  'short',
  'int',
  'long',
  'float',
  'double',
  'signed',
  'unsigned',
  '_Bool',
  'bool',
  '__int128',
  '__int128_t',
  '__uint128_t',
  '__signed__',
  '__signed',
  '_Complex',
  '__complex__',
]);

/** Combines base-type words in any order; undefined when they do not form a type. */
/** Type qualifiers, as declarations and type names inside expressions both skip them. `_Atomic` is
 *  not here: `_Atomic(T)` is a specifier, so each parser treats the word where it stands. */
export const TYPE_QUALIFIERS: ReadonlySet<string> = new Set([
  'const',
  'volatile',
  'restrict',
  '__const',
  '__const__',
  '__volatile',
  '__volatile__',
  '__restrict',
  '__restrict__',
  '_Nonnull',
  '_Nullable',
  '__unaligned',
  '_unaligned',
  '__cdecl',
  '__stdcall',
]);

export function builtinFromWords(words: readonly string[]): BuiltinTypeName | undefined {
  const n = { long: 0, short: 0, int: 0, unsigned: 0, signed: 0 };
  let base: string | undefined;
  for (const raw of words) {
    if (raw === '__uint128_t') n.unsigned++;
    const w = WORD_ALIASES[raw] ?? raw;
    if (w in n) n[w as keyof typeof n]++;
    else if (base !== undefined || w === '_Complex' || w === '__complex__') return undefined;
    else base = w;
  }
  if ((n.unsigned && n.signed) || n.unsigned > 1 || n.signed > 1 || n.int > 1) return undefined;
  const u = n.unsigned ? 'unsigned ' : '';
  const sized = n.long || n.short || n.int;
  switch (base) {
    case 'void':
    case '_Bool':
    case 'float':
      return sized || n.unsigned || n.signed ? undefined : base;
    case 'double':
      if (n.short || n.int || n.unsigned || n.signed || n.long > 1) return undefined;
      return n.long ? 'long double' : 'double';
    case 'char':
      if (sized) return undefined;
      return n.unsigned ? 'unsigned char' : n.signed ? 'signed char' : 'char';
    case '__int128':
      if (sized) return undefined;
      return n.unsigned ? 'unsigned __int128' : '__int128';
    case undefined:
      return integerType(n, u);
    default:
      return undefined;
  }
}

function integerType(
  n: { long: number; short: number; int: number; unsigned: number; signed: number },
  u: string,
): BuiltinTypeName | undefined {
  if (!n.long && !n.short && !n.int && !n.unsigned && !n.signed) return undefined;
  if (n.short) return n.short > 1 || n.long ? undefined : ((u + 'short') as BuiltinTypeName);
  if (n.long > 2) return undefined;
  return (u + (n.long === 2 ? 'long long' : n.long === 1 ? 'long' : 'int')) as BuiltinTypeName;
}
