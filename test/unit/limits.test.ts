// The numbers the documentation states about limits are the ones the code
// enforces: each documented figure is read out of the docs' prose and compared
// with src/core/limits.ts, so neither can change without the other.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as limits from '../../src/core/limits';

const ROOT = join(__dirname, '..', '..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8').replace(/\s+/g, ' ');

/** `1M` -> 1_000_000, `100k` -> 100_000, `64 MiB` -> 64 * 2^20. */
function amount(text: string): number {
  const m = /^([\d.]+)\s*(k|M|MiB)?$/.exec(text.trim());
  assert.ok(m, `not an amount: '${text}'`);
  const unit = { k: 1e3, M: 1e6, MiB: 2 ** 20 }[m[2] as 'k' | 'M' | 'MiB'] ?? 1;
  return Number(m[1]) * unit;
}

function stated(doc: string, pattern: RegExp): number[] {
  const m = pattern.exec(read(doc));
  assert.ok(m, `${doc} no longer states ${pattern}`);
  return m.slice(1).map(amount);
}

test('docs/ARCHITECTURE.md states the limits the code enforces', () => {
  const doc = 'docs/ARCHITECTURE.md';
  assert.deepEqual(
    stated(doc, /declarator\/record nesting \((\d+) levels\) and operator nesting \((\d+)\)/),
    [limits.MAX_NESTING, limits.MAX_TREE_DEPTH],
  );
  assert.deepEqual(
    stated(
      doc,
      /\((\S+) tokens per expansion, (\S+) per file in the preprocessor, (\S+) per expansion and (\S+) shared by all `#define` values/,
    ),
    [
      limits.MAX_EXPANSION_TOKENS,
      limits.MAX_UNIT_EXPANSION_TOKENS,
      limits.MAX_TEXT_EXPANSION_TOKENS,
      limits.DEFINE_VALUES_BUDGET,
    ],
  );
  assert.deepEqual(stated(doc, /include depth \((\d+) levels\), file size \((\d+ MiB)\)/), [
    limits.MAX_INCLUDE_DEPTH,
    limits.MAX_HEADER_BYTES,
  ]);
});

test('docs/patch.md states the patch input limits the code enforces', () => {
  assert.deepEqual(
    stated(
      'docs/patch.md',
      /Inputs (?:and Patchwork responses )?over (\d+ MiB) are refused[^;]*; Patchwork JSON nested deeper than (\d+) levels/,
    ),
    [limits.MAX_PATCH_INPUT_BYTES, limits.MAX_PATCHWORK_JSON_NESTING],
  );
});
