// server/src/warm-up.ts: the rehearsal after the first publication runs once, after quietMs of quiet,
// never while a rebuild is pending, never after a request or edit came first, and a request or edit
// during it cancels it; `done` (the idle release re-arming) follows every rehearsal that started.
// Driven by generated sequences of events on mocked timers.

import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { warmUp } from '../../server/src/warm-up';

type Event = 'publish' | 'cancel' | 'busy' | 'idle' | 'tick100' | 'tick400';
const EVENTS: Event[] = ['publish', 'cancel', 'busy', 'idle', 'tick100', 'tick400'];

/** Event sequences from a small deterministic generator. */
function* sequences(count: number, length: number): Generator<Event[]> {
  let x = 7;
  for (let i = 0; i < count; i++) {
    const seq: Event[] = [];
    for (let j = 0; j < length; j++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      seq.push(EVENTS[x % EVENTS.length]);
    }
    yield seq;
  }
}

test('one rehearsal at most, only after quietMs of quiet since the first publication, never while busy', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    for (const seq of sequences(200, 12)) {
      let busy = false;
      let started = 0;
      let done = 0;
      const signals: AbortSignal[] = [];
      let finish: (() => void) | undefined;
      const warm = warmUp(
        (uri, signal) => {
          assert.equal(uri, 'file:///a.h');
          started++;
          signals.push(signal);
          return new Promise<void>((resolve) => (finish = resolve));
        },
        { busy: () => busy, done: () => done++, quietMs: 300 },
      );
      // The model: armed at the first publication, due 300 ms later unless cancelled first.
      let armedAt: number | undefined;
      let everPublished = false;
      let clock = 0;
      let expected = 0;
      const advance = (ms: number) => {
        if (armedAt !== undefined && clock + ms >= armedAt + 300) {
          if (!busy) expected++;
          armedAt = undefined;
        }
        clock += ms;
        mock.timers.tick(ms);
      };
      for (const e of seq) {
        if (e === 'publish') {
          if (!everPublished) armedAt = clock;
          everPublished = true;
          warm.published('file:///a.h');
        } else if (e === 'cancel') {
          armedAt = undefined;
          warm.cancel();
        } else if (e === 'busy') busy = true;
        else if (e === 'idle') busy = false;
        else advance(e === 'tick100' ? 100 : 400);
      }
      assert.equal(started, expected, seq.join(' '));
      assert.ok(started <= 1);
      if (started) {
        warm.cancel();
        assert.ok(signals[0].aborted, 'a request or edit during the rehearsal cancels it');
        finish?.();
        await new Promise((r) => setImmediate(r));
        assert.equal(done, 1, 'done follows the rehearsal');
      }
    }
  } finally {
    mock.timers.reset();
  }
});

test('a failing rehearsal is swallowed and still ends with done', async () => {
  let done = 0;
  const warm = warmUp(() => Promise.reject(new Error('boom')), {
    busy: () => false,
    done: () => done++,
    quietMs: 0,
  });
  warm.published('file:///a.h');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(done, 1);
});
