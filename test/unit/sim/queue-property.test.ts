// Property test of the pending queue and the kernel's event/read path over long
// random sequences (seeded PRNG, deterministic): at most 4 pending, FIFO order,
// the newest dropped when full, reset keeps and close clears.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  loadUapi,
  PendingQueue,
  SimKernel,
  ZPCI_ERR_PENDING_MAX,
  type DeviceSpec,
} from '../../../src/core/sim/index';

/** mulberry32: small, seeded, the same sequence on every run. */
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

test('queue: bounded, FIFO, drop-newest, over 20000 random operations (counters wrap)', () => {
  const rand = prng(42);
  const queue = new PendingQueue<number>();
  const model: number[] = [];
  for (let i = 0; i < 20000; i++) {
    if (rand() < 0.55) {
      const stored = queue.push(i);
      assert.equal(stored, model.length < ZPCI_ERR_PENDING_MAX);
      if (stored) model.push(i);
    } else assert.equal(queue.shift(), model.shift());
    assert.equal(queue.count, model.length);
    assert.ok(queue.count <= ZPCI_ERR_PENDING_MAX);
    assert.deepEqual(queue.peekAll(), model);
  }
});

test('kernel: random events, reads, resets and reopen keep the queue invariants (both generations)', async () => {
  for (const generation of ['v13', 'v7.3'] as const) {
    const r = await loadUapi({ override: generation });
    assert.ok(r.ok);
    const dev: DeviceSpec = {
      name: 'z',
      zpci: true,
      fh: 7,
      fid: 9,
      address: '0000:00:00.0',
      driver: 'vfio-pci',
    };
    const kernel = new SimKernel(r.uapi, [dev]);
    const rand = prng(generation === 'v13' ? 1 : 2);
    const model: number[] = [];
    let open = false;
    const argsz = generation === 'v13' ? 12 : 16;
    for (let i = 0; i < 3000; i++) {
      const x = rand();
      if (x < 0.45) {
        const pec = 1 + Math.floor(rand() * 0x50);
        kernel.event({ ccdf: { fid: 9n, fh: 7n, pec: BigInt(pec) } });
        const stored = open && !(pec >= 0x2a && pec <= 0x2c) && model.length < 4;
        if (stored) model.push(pec);
      } else if (x < 0.85) {
        const a = kernel.ioctl('z', { flags: 0x1000d, argsz });
        const want = model.shift();
        if (generation === 'v13') {
          assert.equal(a.rc, 0);
          assert.equal(a.fields.pec, want ?? 0);
          assert.equal(a.fields.pending_errors, model.length);
        } else if (want === undefined) assert.equal(a.errno, 'ENOMSG');
        else assert.equal(a.fields.pec, want);
      } else if (x < 0.92) kernel.reset('z');
      else if (open) {
        kernel.close('z');
        model.length = 0;
        open = false;
      } else {
        kernel.open('z');
        open = true;
      }
      assert.equal(kernel.device('z').queue.count, model.length);
    }
  }
});
