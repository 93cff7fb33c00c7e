// server/src/idle-release.ts: one full collection after the server has been quiet for a while
// since the last publication, re-armed by every publication, skipped while a rebuild is
// pending. Driven by a generated sequence of publications on mocked timers; and, on the real
// event loop, by ORDER: a request being dispatched or answered when the release comes due, a
// request postponing it, a sliced build under way: the forced collection comes after them.

import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { idleRelease } from '../../server/src/idle-release';
import { otherImmediatesQueued, runSliced, slicedWorkRunning, type Steps } from '../../src/core/steps';

/** The pass's own turn, run at once (mocked timers do not drive setImmediate). */
const now = (f: () => void) => {
  f();
  return () => undefined;
};

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
        { quietMs: 1000, passes: 1, turn: now },
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
      { quietMs: 1000, passes: 2, gapMs: 50, turn: now },
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

/** A request as vscode-jsonrpc serves one after reading it: dispatched in one setImmediate, its
 *  answer written in another (the shape server/src/idle-release.ts must let go first). */
function request(log: string[], name: string): Promise<void> {
  return new Promise((resolve) =>
    setImmediate(() => {
      log.push(`${name} dispatched`);
      setImmediate(() => {
        setImmediate(() => {
          log.push(`${name} answered`);
          resolve();
        });
      });
    }),
  );
}

/** Resolves once `done()` holds (polled each few ms; the test runner's timeout bounds it). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 2));
}

test('a request being served when the release comes due is answered before the collection', async () => {
  for (let requests = 1; requests <= 3; requests++) {
    const log: string[] = [];
    const QUIET = 5;
    // The requests are read in the same turn of the event loop as the release's timer fires (a timer
    // of the same duration made first fires first).
    const served: Promise<void>[] = [];
    setTimeout(() => {
      for (let i = 0; i < requests; i++) served.push(request(log, `r${i}`));
    }, QUIET);
    const release = idleRelease(
      () => log.push('gc'),
      { busy: () => false, queued: otherImmediatesQueued },
      { quietMs: QUIET, passes: 1, gapMs: 1 },
    );
    release.published();
    await until(() => log.includes('gc'));
    await Promise.all(served);
    assert.equal(log.at(-1), 'gc', log.join(', '));
    assert.equal(log.filter((e) => e === 'gc').length, 1);
  }
});

test('a request while the release waits out its quiet spell moves it; once quiet it runs', async () => {
  const log: string[] = [];
  let asked = 0;
  const release = idleRelease(
    () => log.push('gc'),
    { busy: () => (asked++, false) },
    { quietMs: 50, passes: 1 },
  );
  release.published();
  // Requests one after another, each before the release came due (it has not asked busy() yet).
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (asked > 0) break;
    release.postpone();
    log.push(`request ${i}`);
  }
  await until(() => log.includes('gc'));
  assert.equal(log.at(-1), 'gc', log.join(', '));
  // A request with nothing armed arms nothing: the next publication's release is the only other one.
  release.postpone();
  release.published();
  await until(() => log.filter((e) => e === 'gc').length === 2);
  assert.equal(asked, 2);
});

test('no collection while a sliced build runs (slicedWorkRunning)', async () => {
  const log: string[] = [];
  const stop = new AbortController();
  function* endless(): Steps<never> {
    for (;;) yield;
  }
  const build = runSliced(endless(), { signal: stop.signal, sliceMs: 0 });
  let skipped = 0;
  const busy = () => {
    const running = slicedWorkRunning() > 0;
    if (running) skipped++;
    return running;
  };
  const release = idleRelease(() => log.push('gc'), { busy }, { quietMs: 1, passes: 2, gapMs: 1 });
  release.published();
  await until(() => skipped > 0);
  assert.deepEqual(log, [], 'the release came due while the build ran and was skipped');
  stop.abort();
  await build.catch(() => undefined);
  assert.equal(slicedWorkRunning(), 0);
  release.published();
  await until(() => log.length === 2);
  assert.deepEqual(log, ['gc', 'gc']);
});
