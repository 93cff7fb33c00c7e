// The #if path and the declaration path decode literals with the one decoder
// (expr/literals.ts), so they must agree. Generated: every base x every suffix
// spelling (U/L/LL/WB in any order and case) x digit separators, for small
// values, placed both in `#if L != V` and in `char a[L]` of the same header.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getAbi } from '../../../src/core/abi/index';
import { buildHeaderModel } from '../../../src/core/model/header-model';
import type { FileHost } from '../../../src/core/preprocess/types';

const SUFFIXES = [
  '',
  'u',
  'U',
  'l',
  'L',
  'ul',
  'lu',
  'LU',
  'll',
  'LL',
  'ull',
  'LLU',
  'wb',
  'WB',
  'uwb',
  'wbu',
  'UWB',
  'WBu',
];
const SPELL: ((v: number) => string)[] = [
  (v) => String(v),
  (v) => `0x${v.toString(16)}`,
  (v) => `0X${v.toString(16).toUpperCase()}`,
  (v) => `0${v.toString(8)}`,
  (v) => `0b${v.toString(2)}`,
  (v) => (v >= 10 ? `${String(v)[0]}'${String(v).slice(1)}` : String(v)),
];
const VALUES = [1, 2, 7, 10, 16, 33];

function literals(): { text: string; value: number }[] {
  return VALUES.flatMap((value) =>
    SPELL.flatMap((spell) => SUFFIXES.map((s) => ({ text: spell(value) + s, value }))),
  );
}

test('#if and array bounds agree on every generated literal spelling (2wb included)', async () => {
  const all = literals();
  assert.ok(all.length > 500, `${all.length} literals`);
  const file = '/virtual/literals.h';
  const lines = all.flatMap(({ text, value }, i) => [
    `#if ${text} != ${value}`,
    `#error ${text} is not ${value} in #if`,
    '#endif',
    `struct s${i} { char a[${text}]; };`,
  ]);
  const host: FileHost = {
    readFile: (p) => (p === file ? lines.join('\n') + '\n' : undefined),
    fileExists: (p) => p === file,
  };
  const model = await buildHeaderModel({ files: [file], abi: getAbi('x86_64')!, host });
  assert.deepEqual(
    model.diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`),
    [],
  );
  const sizes = all.map((_l, i) => model.record(`s${i}`)?.size);
  assert.deepEqual(
    sizes,
    all.map((l) => l.value),
  );
});
