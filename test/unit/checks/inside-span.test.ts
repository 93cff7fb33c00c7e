// insideAnySpan (which define lines sit inside a record, for the number-family checks) answers as
// the walk over every span it replaced, on generated span sets: nested, overlapping, touching,
// one-line and empty, asked about every line around them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insideAnySpan } from '../../../src/core/analysis/model-families';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('insideAnySpan equals the walk over every span', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const rnd = prng(seed);
    const n = Math.floor(rnd() * 12);
    const spans: [number, number][] = Array.from({ length: n }, () => {
      const a = Math.floor(rnd() * 40);
      return [a, a + Math.floor(rnd() * 10)];
    });
    const inside = insideAnySpan(spans);
    for (let line = -2; line < 55; line++)
      assert.equal(
        inside(line),
        spans.some(([a, b]) => line > a && line < b),
        `seed ${seed}, line ${line}, spans ${JSON.stringify(spans)}`,
      );
  }
});
