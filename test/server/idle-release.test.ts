// server/src/idle-release.ts: one full collection after the server has been quiet for a while
// since the last publication, re-armed by every publication, skipped while a rebuild is
// pending. Driven by a generated sequence of publications on mocked timers.

import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { idleRelease } from '../../server/src/idle-release';

/** Publication gaps (ms) from a small deterministic generator, some shorter, some longer than quiet. */
function* gaps(seed: number, count: number): Generator<number> {
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield [50, 400, 999, 1000, 1500, 3000][x % 6];
  }
}

test('collects once per quiet spell of at least quietMs after a publication, never while busy', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    for (let seed = 1; seed <= 20; seed++) {
      let collected = 0;
      let busy = false;
      const release = idleRelease(
        () => collected++,
        () => busy,
        { quietMs: 1000, passes: 1 },
      );
      let expected = 0;
      let armed = false;
      for (const gap of gaps(seed, 30)) {
        busy = gap === 3000; // a rebuild pending through a long gap: no collection for it
        release.published();
        mock.timers.tick(gap);
        armed = gap < 1000;
        if (gap >= 1000 && !busy) expected++;
      }
      busy = false;
      mock.timers.tick(5000); // the quiet spell after the last publication, if still armed
      if (armed) expected++;
      assert.equal(collected, expected, `seed ${seed}`);
    }
  } finally {
    mock.timers.reset();
  }
});

test('the second pass runs gapMs after the first unless a publication or a pending run came between', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let collected = 0;
    let busy = false;
    const release = idleRelease(
      () => collected++,
      () => busy,
      { quietMs: 1000, passes: 2, gapMs: 50 },
    );
    release.published();
    mock.timers.tick(1000);
    assert.equal(collected, 1);
    mock.timers.tick(50);
    assert.equal(collected, 2);
    mock.timers.tick(5000);
    assert.equal(collected, 2, 'two passes per quiet spell, no more');
    release.published();
    mock.timers.tick(1000);
    release.published(); // an edit between the passes: the second waits for the next quiet spell
    mock.timers.tick(50);
    assert.equal(collected, 3);
    busy = true;
    mock.timers.tick(1000);
    assert.equal(collected, 3, 'nothing while a rebuild is pending');
  } finally {
    mock.timers.reset();
  }
});
