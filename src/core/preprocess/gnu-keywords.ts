// GNU alternate keyword spellings, as built-in object-like macros.
// gcc treats these as keywords; tree-sitter-c only knows some of them, and an
// unknown one turns a declaration into an ERROR node or a bogus type name.
// Mapping them to the standard spelling before parsing fixes that; they are
// installed before an ABI's predefined macros, so those (and headers) can
// still override them. __attribute__ is left alone: tree-sitter-c parses it.

export const GNU_KEYWORD_MACROS: Readonly<Record<string, string>> = {
  __signed__: 'signed',
  __signed: 'signed',
  __inline__: 'inline',
  __inline: 'inline',
  __volatile__: 'volatile',
  __volatile: 'volatile',
  __const__: 'const',
  __const: 'const',
  __restrict__: 'restrict',
  __restrict: 'restrict',
  // Only silences -pedantic warnings; no meaning for declarations.
  __extension__: '',
  __typeof__: 'typeof',
  __typeof: 'typeof',
  __asm__: 'asm',
  __asm: 'asm',
  __alignof__: '_Alignof',
  __complex__: '_Complex',
};
