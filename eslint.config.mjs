// Lint rules: typescript-eslint's recommended set, plus the boundaries that
// matter most here: src/core never imports editor or LSP packages, and files
// are read through a FileHost (src/core/host), never node:fs directly.
import tseslint from 'typescript-eslint';

const EDITOR = { group: ['vscode', 'vscode-languageserver*', 'vscode-languageclient*'], message: 'src/core is editor-independent' };
const FS = {
  group: ['node:fs', 'node:fs/*', 'fs', 'fs/*'],
  message: 'read files through a FileHost (src/core/host): regular files only, size-capped, confined to roots',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test/fixtures/**', 'test/e2e/.work/**', 'test/differential/.work/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [EDITOR, FS] }] },
  },
  {
    // The host itself; the target runner (temp dirs, the probe, the guest cache: our own files);
    // the parser's wasm loading.
    files: ['src/core/host/**/*.ts', 'src/core/target/**/*.ts', 'src/core/parser/tree-sitter.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [EDITOR] }] },
  },
  {
    files: ['server/src/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [FS] }] },
  },
);
