// Lint rules: typescript-eslint's recommended set, plus the fences that keep
// the layers (docs/ARCHITECTURE.md, "Import rules"): src/core never imports
// editor or LSP packages; only the parser's tree-sitter files import
// web-tree-sitter; the floor (src/core/lang) imports only text/ and diag/; the
// faces (CLI, server, client) enter the core through src/core/api only, besides
// the floor, the file host and the settings schema; files are read through a
// FileHost (src/core/host), never node:fs directly. A later block for the same
// files replaces an earlier one's no-restricted-imports, so each block lists
// all its patterns.
import tseslint from 'typescript-eslint';

const EDITOR = {
  group: ['vscode', 'vscode-languageserver*', 'vscode-languageclient*'],
  message: 'src/core is editor-independent',
};
const FS = {
  group: ['node:fs', 'node:fs/*', 'fs', 'fs/*'],
  message:
    'read files through a FileHost (src/core/host): regular files only, size-capped, confined to roots',
};
const TREE_SITTER = {
  group: ['web-tree-sitter'],
  message: 'only src/core/parser/tree-sitter/** uses web-tree-sitter; everyone else sees lang/ast',
};
const TREE_SITTER_FILES = ['src/core/parser/tree-sitter/**'];
// The host itself and the target runner (temp dirs, the probe, the guest cache: our own files) use node:fs.
const FS_OWNERS = ['src/core/host/**/*.ts', 'src/core/runner/**/*.ts'];
const SERVER_NO_TARGET = {
  group: ['**/core/api/target'],
  message: 'the language server cannot start programs (no target runner, no git)',
};
const FACE_TO_CORE = {
  group: [
    '**/core/*/**',
    '!**/core/api/**',
    '!**/core/lang/**',
    '!**/core/diag/**',
    '!**/core/text/**',
    '!**/core/host/**',
    '!**/core/config/**',
  ],
  message: 'faces enter the core through src/core/api (plus lang, diag, text, host, config)',
};

/** Spread arguments a list an input sizes can overflow the stack with (see the rule below). */
const SPREAD_ARGUMENTS = [
  {
    selector: 'CallExpression[callee.property.name=/^(push|unshift)$/] > SpreadElement',
    message: 'a spread argument overflows the stack on a long list: use pushAll (src/core/text/push-all)',
  },
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min)$/] > SpreadElement",
    message: 'a spread argument overflows the stack on a long list: fold with reduce',
  },
  {
    selector: "CallExpression[callee.property.name='fromCharCode'] > SpreadElement",
    message: 'a spread argument overflows the stack on a long list: decode in chunks',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      'test/fixtures/**',
      'test/e2e/.work/**',
      'test/differential/.work/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // A spread passes every item as an argument: past ~120,000 items (a list an input sets the
    // length of) V8 throws "Maximum call stack size exceeded". Append with pushAll, fold with reduce.
    files: ['src/**/*.ts', 'server/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...SPREAD_ARGUMENTS],
    },
  },
  {
    // The simulator runs once per scenario step: on Node 20 (V8 11.3) an object made by a spread and
    // then given more properties is placed in the old generation, where one per step grew the heap
    // until a full GC (issue 17). Build the object as a literal, or copy with Object.assign.
    files: ['src/core/sim/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...SPREAD_ARGUMENTS,
        {
          selector: 'ObjectExpression > SpreadElement',
          message:
            'an object spread per step lands in the old generation on Node 20: a literal or Object.assign',
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: [...TREE_SITTER_FILES, ...FS_OWNERS],
    rules: { 'no-restricted-imports': ['error', { patterns: [EDITOR, TREE_SITTER, FS] }] },
  },
  {
    files: FS_OWNERS,
    rules: { 'no-restricted-imports': ['error', { patterns: [EDITOR, TREE_SITTER] }] },
  },
  {
    // The parser's wasm loading reads the grammar file itself.
    files: TREE_SITTER_FILES,
    rules: { 'no-restricted-imports': ['error', { patterns: [EDITOR] }] },
  },
  {
    files: ['src/core/lang/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            EDITOR,
            TREE_SITTER,
            FS,
            {
              group: ['../*/**', '../*', '!../text', '!../text/**', '!../diag', '!../diag/**'],
              message: 'src/core/lang is the floor: it imports only text/ and diag/',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [FACE_TO_CORE, TREE_SITTER, FS] }] },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [FACE_TO_CORE, TREE_SITTER] }] },
  },
  {
    // The language server never starts programs: not even the runner's door.
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [FACE_TO_CORE, TREE_SITTER, FS, SERVER_NO_TARGET],
        },
      ],
    },
  },
  {
    // The process entries (CLI, server) read their own bundle and V8 code cache (no user files).
    files: ['server/src/launch/**/*.ts', 'src/launch/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [FACE_TO_CORE, TREE_SITTER, SERVER_NO_TARGET] }],
    },
  },
);
