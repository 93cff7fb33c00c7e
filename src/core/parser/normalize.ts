// Same-length rewrites of GCC keyword spellings tree-sitter-c does not know
// (`__signed__ char` -> `signed     char`), applied to the text tree-sitter sees.
// Offsets are unchanged, so the preprocessor's map stays valid; lowering reads the original.

const GCC_SPELLINGS = /\b__(signed|const|volatile|restrict)(__)?\b/g;

export function normalizeForTreeSitter(text: string): string {
  if (!text.includes('__')) return text;
  return text.replace(
    GCC_SPELLINGS,
    (match: string, word: string) => word + ' '.repeat(match.length - word.length),
  );
}
