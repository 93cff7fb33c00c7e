// The simulator's model of the test guest: the guest suite's scenarios (data
// under test/guest/scenarios, also run on the real guest by test/guest) must
// hold on the simulator too; plus the inject/info step's loading rules and
// the probe input lines they become.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadUapi, parseScenario, runScenario } from '../../../src/core/sim/index';
import { pecForAddress } from '../../../src/core/sim/inject';
import { probeInput } from '../../../src/core/runner/index';

const SCENARIOS = join(__dirname, '../../guest/scenarios');
/** Scenarios that describe a different kernel than the simulator's v7.3 model. */
const GUEST_ONLY = new Set(['absent.json']);

test('every guest scenario holds on the simulator (v7.3 model)', async () => {
  const uapi = await loadUapi({ override: 'v7.3' });
  assert.ok(uapi.ok);
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.json') && !GUEST_ONLY.has(f));
  assert.ok(files.length >= 7, 'the scenarios are there');
  for (const f of files) {
    const loaded = parseScenario(readFileSync(join(SCENARIOS, f), 'utf8'), f);
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.error);
    for (const r of runScenario(loaded.scenario, uapi.uapi))
      assert.deepEqual(r.failures, [], `${f} step ${r.step}: ${r.answer.decidedBy}`);
  }
});

test('PEC by address: below the aperture 0x2, inside 0x4, above nothing', () => {
  assert.equal(pecForAddress(0x1000n, 0x100000000n, 0x11fffffffn), 2);
  assert.equal(pecForAddress(0x100000000n, 0x100000000n, 0x11fffffffn), 4);
  assert.equal(pecForAddress(0x11fffffffn, 0x100000000n, 0x11fffffffn), 4);
  assert.equal(pecForAddress(0x120000000n, 0x100000000n, 0x11fffffffn), 0);
});

test('inject is refused on a target not marked as a test guest, and needs an open device', async () => {
  const uapi = await loadUapi({ override: 'v7.3' });
  assert.ok(uapi.ok);
  const text = JSON.stringify({
    devices: [{ name: 'd', testGuest: false }],
    steps: [{ op: 'open' }, { op: 'inject', faddr: '0x1000' }],
  });
  const loaded = parseScenario(text, 'inline.json');
  assert.ok(loaded.ok);
  const [, refused] = runScenario(loaded.scenario, uapi.uapi);
  assert.equal(refused.answer.errno, 'EPERM');
  assert.match(refused.answer.decidedBy, /not marked as a test guest/);
  const closed = parseScenario(JSON.stringify({ steps: [{ op: 'inject', faddr: 4096 }] }), 'c.json');
  assert.ok(closed.ok);
  assert.equal(runScenario(closed.scenario, uapi.uapi)[0].answer.errno, 'EBADF');
});

test('inject and info steps: loading errors name the step and the cause', () => {
  const cases: [unknown, RegExp][] = [
    [{ op: 'inject' }, /step 0: inject needs 'faddr'/],
    [{ op: 'inject', faddr: 1 }, /'faddr' must be at least 2/],
    [{ op: 'inject', faddr: '0xzz' }, /'faddr' must be a non-negative integer/],
    [{ op: 'inject', faddr: 4096, pec: 2 }, /inject: unknown key 'pec'/],
    [{ op: 'info', faddr: 4096 }, /info: unknown key 'faddr'/],
    [{ op: 'poke' }, /'op' must be one of open, close, reset, event, ioctl, info, inject/],
  ];
  for (const [step, want] of cases) {
    const r = parseScenario(JSON.stringify({ steps: [step] }), 's.json');
    assert.equal(r.ok, false, JSON.stringify(step));
    if (!r.ok) assert.match(r.error, want);
  }
});

test('probe input: info and inject lines (faddr in hex)', async () => {
  const uapi = await loadUapi({ override: 'v7.3' });
  assert.ok(uapi.ok);
  const loaded = parseScenario(
    JSON.stringify({
      steps: [{ op: 'open' }, { op: 'info' }, { op: 'inject', faddr: '0x110000000' }, { op: 'reset' }],
    }),
    's.json',
  );
  assert.ok(loaded.ok);
  assert.equal(
    probeInput(loaded.scenario, uapi.uapi, '0001:00:00.0').text,
    [
      'kpw-probe 1',
      'device bdf 0001:00:00.0',
      'step 0 open',
      'step 1 info',
      'step 2 inject 110000000',
      'step 3 reset',
      '',
    ].join('\n'),
  );
});
