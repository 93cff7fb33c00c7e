// cli/collect-garbage.ts: kpw check collects a big unit's build garbage once, before the
// checks. The collection must really run when asked (gc() reached without --expose-gc on
// the command line) and never when the heap has not grown past the threshold.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectIfGrown, heapMark } from '../../src/cli/collect-garbage';

test('collectIfGrown collects only past the threshold, and then really frees the garbage', () => {
  assert.equal(collectIfGrown(heapMark()), false, 'no growth: no collection');
  let garbage: object[] | null = Array.from({ length: 400_000 }, (_, i) => ({ i, s: `item ${i}` }));
  const grown = heapMark();
  garbage = null;
  assert.equal(garbage, null);
  assert.equal(collectIfGrown(0, 0), true, 'grown past a zero threshold: collected');
  assert.ok(heapMark() < grown, 'the dropped objects were freed');
});
