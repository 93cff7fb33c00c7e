// The main thread's side of the C checks' worker on its own (server/src/c-worker/client.ts):
// a worker idle past its time is stopped and the next check starts another with the same
// findings; a worker lost mid-check (here: stopped while held inside a step) answers that
// check with one finding saying why, never with silence, and the next check starts afresh.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { CChecksWorker, cWorkerStats, nextCWorkerExit } from '../../server/src/c-worker/client';

const FIX = join(__dirname, '..', 'fixtures', 'checks', 'kernel-copy-uninitialized');
const file = join(FIX, 'zpci-err-v3.c');
const uri = pathToFileURL(file).toString();
const text = readFileSync(file, 'utf8');
const documents = { all: () => [{ uri, version: 1, getText: () => text }] };
const job = { uri, version: 1, file, includeDirs: [join(FIX, 'include')], abis: ['x86_64'], disable: [] };

function client(idleMs?: number, gate?: Int32Array): CChecksWorker {
  return new CChecksWorker({
    documents,
    mirrors: () => true,
    anyCOpen: () => true,
    log: () => undefined,
    idleMs,
    config: { gate },
  });
}

const codes = (list: { code: string }[]) => list.map((d) => d.code);

describe('the C checks worker client', () => {
  test('an idle worker is stopped; the next check starts another and finds the same', async () => {
    const c = client(0);
    const started = cWorkerStats().started;
    const exited = nextCWorkerExit();
    const first = await c.check(job, new AbortController().signal);
    assert.deepEqual(codes(first), ['kernel-copy-uninitialized']);
    await exited;
    const second = await c.check(job, new AbortController().signal);
    assert.deepEqual(second, first);
    assert.equal(cWorkerStats().started, started + 2);
    c.dispose();
  });

  test('a worker lost during a check answers it with a finding naming why; the next check runs', async () => {
    const gate = new Int32Array(new SharedArrayBuffer(8));
    const c = client(undefined, gate);
    const pending = c.check(job, new AbortController().signal);
    const { waitAsync } = Atomics as unknown as {
      waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string };
    };
    const held = waitAsync(gate, 1, 0);
    if (held.async) await held.value;
    c.dispose();
    const lost = await pending;
    assert.deepEqual(codes(lost), ['check-internal-error']);
    assert.match(lost[0].message, /zpci-err-v3\.c.*shutting down/);
    Atomics.store(gate, 0, 1);
    assert.deepEqual(codes(await c.check(job, new AbortController().signal)), ['kernel-copy-uninitialized']);
    c.dispose();
  });
});
