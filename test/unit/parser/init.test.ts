// Grammar loading: idempotent, concurrent-safe, and able to find the wasm files
// in an explicit directory (as the bundled extension does next to dist/*.js).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { initParser } from '../../../src/core/parser/index';
import { render } from './helpers';

test('initParser from a wasm directory, called concurrently and repeatedly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-wasm-'));
  try {
    copyFileSync(
      join(dirname(require.resolve('tree-sitter-c/package.json')), 'tree-sitter-c.wasm'),
      join(dir, 'tree-sitter-c.wasm'),
    );
    copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(dir, 'web-tree-sitter.wasm'));
    await Promise.all([initParser({ wasmDir: dir }), initParser({ wasmDir: dir }), initParser()]);
    await initParser();
    assert.match(render('struct s { int a; };'), /struct s @1:8 \{\n {2}a @1:16 = int\n\}/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
