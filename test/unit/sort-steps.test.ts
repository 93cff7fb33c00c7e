// sortSteps (the stepped stable sort at the end of a patch analysis) against V8's own
// stable sort, on generated lists with many ties (findings at one position keep the
// order they were found in): element for element the same, and a pause every
// CHECKPOINT_EVERY elements placed. Also the series-wide checks against all pairs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortSteps } from '../../src/core/sort-steps';
import { CHECKPOINT_EVERY } from '../../src/core/steps';
import { compareDiagnostics } from '../../src/core/diag/sort';
import type { Diagnostic } from '../../src/core/diag/diagnostic';

/** A small deterministic generator (tests are data: the same lists every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function findings(n: number, seed: number): Diagnostic[] {
  const r = random(seed);
  const files = ['a.h', 'b.patch', 'c.mbox'];
  return Array.from({ length: n }, (_, i) => {
    const line = Math.floor(r() * Math.max(1, n / 8));
    const character = Math.floor(r() * 3);
    return {
      code: `c${i}`,
      severity: 'warning',
      file: files[Math.floor(r() * files.length)],
      range: { start: { line, character }, end: { line, character } },
      message: `finding ${i}`,
    };
  });
}

test('sortSteps orders as Array.prototype.sort, ties in found order, on generated lists', () => {
  for (const n of [0, 1, 2, 31, 32, 33, 100, 1023, 1024, 1025, 5000, 40_000]) {
    for (const seed of [1, 2, 3]) {
      const list = findings(n, seed * 7919 + n);
      const steps = sortSteps(list, compareDiagnostics);
      let pauses = 0;
      let r = steps.next();
      while (!r.done) {
        pauses++;
        r = steps.next();
      }
      const want = [...list].sort(compareDiagnostics);
      assert.equal(r.value.length, want.length);
      r.value.forEach((d, i) => assert.equal(d, want[i], `n=${n} seed=${seed} at ${i}`));
      // Every element is placed at least once: at least one pause per CHECKPOINT_EVERY of them.
      assert.ok(pauses >= Math.floor(n / CHECKPOINT_EVERY), `n=${n}: ${pauses} pauses`);
    }
  }
});

test('sortSteps leaves its input alone', () => {
  const list = findings(3000, 5);
  const before = [...list];
  const steps = sortSteps(list, compareDiagnostics);
  while (!steps.next().done);
  assert.deepEqual(list, before);
});
