// kpw sim runs in constant memory in the number of steps (issue 17): what a scenario run moves into
// V8's old generation must not grow with its length. Per-step objects that reach the old generation
// are dead there until a full GC, which V8 schedules late, so peak RSS grew with the steps (an object
// spread given more properties, one per step, was placed there: 141 MB at 70k steps against 59 at 1k).
// Measured with v8.GCProfiler (each GC's heap spaces before and after), not with time or RSS.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GCProfiler, getHeapSpaceStatistics } from 'node:v8';
import { loadUapi, parseScenario, type Scenario, type SimUapi } from '../../../src/core/sim/index';
import { simChunks } from '../../../src/cli/commands/sim';

/** A seeded generator of scenarios: every op, both devices, the event variants, expectations. */
function scenarioText(seed: number, steps: number): string {
  let s = seed >>> 0;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const devices = [
    { name: 'zpci0', zpci: true, fh: 0x8000001, fid: 1, address: '0000:00:00.0', driver: 'vfio-pci' },
    { name: 'zpci1', zpci: true, fh: 0x8000002, fid: 2, address: '0000:00:01.0', driver: 'vfio-pci' },
  ];
  const list: Record<string, unknown>[] = [];
  for (let i = 0; i < steps; i++) {
    const device = pick(['zpci0', 'zpci1']);
    const k = rand();
    let step: Record<string, unknown>;
    if (k < 0.08) step = { op: 'open', device, kvmFails: rand() < 0.1 };
    else if (k < 0.14) step = { op: 'close', device };
    else if (k < 0.17) step = { op: 'reset', device };
    else if (k < 0.2) step = { op: 'info', device };
    else if (k < 0.22) step = { op: 'inject', device, faddr: 4096 + Math.floor(rand() * 1e5) };
    else if (k < 0.6) {
      step = { op: 'event', device, pec: pick([4, 0x10, 0x3b, 0x40, 0x2a, 0x301]) };
      if (rand() < 0.1) step.abort = true;
      if (rand() < 0.05) step.staleHandle = true;
      if (rand() < 0.05) step.fid = pick([1, 2, 9]);
    } else
      step = {
        op: 'ioctl',
        device,
        flags: pick(['GET|ZPCI_ERROR', 'PROBE|ZPCI_ERROR', 'SET|ZPCI_ERROR', 'GET|MIGRATION']),
        argsz: pick([4, 8, 12, 16, 48]),
        fault: rand() < 0.1 ? pick(['header', 'payload', 'buffer']) : undefined,
      };
    if (rand() < 0.2)
      step.expect = pick([{ rc: 0 }, { rc: -1, errno: 'EINVAL' }, { fields: { pending: 0 } }]);
    list.push(step);
  }
  return JSON.stringify({ devices, steps: list });
}

function scenario(seed: number, steps: number): Scenario {
  const r = parseScenario(scenarioText(seed, steps), `generated-${seed}.json`);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.scenario;
}

/** Old-space bytes in use: GCProfiler names the fields in camelCase, getHeapSpaceStatistics not. */
const profiledOld = (spaces: { spaceName: string; spaceUsedSize: number }[]) =>
  spaces.find((x) => x.spaceName === 'old_space')?.spaceUsedSize ?? 0;
const currentOld = () =>
  getHeapSpaceStatistics().find((x) => x.space_name === 'old_space')?.space_used_size ?? 0;

/** Bytes that entered the old generation while kpw sim's output for `sc` was produced and dropped:
 *  promotions at scavenges plus direct old-space allocation between GCs; full GCs' frees not counted. */
function oldGrowth(sc: Scenario, uapi: SimUapi, json: boolean): number {
  const profiler = new GCProfiler();
  const start = currentOld();
  profiler.start();
  let chars = 0;
  for (const chunk of simChunks(sc, uapi, json, { steps: 0, failed: 0 })) chars += chunk.length;
  const end = currentOld();
  const stats = profiler.stop()?.statistics ?? [];
  let growth = 0;
  let last = start;
  for (const gc of stats) {
    const before = profiledOld(gc.beforeGC.heapSpaceStatistics);
    const after = profiledOld(gc.afterGC.heapSpaceStatistics);
    growth += Math.max(0, before - last);
    if (gc.gcType === 'Scavenge') growth += Math.max(0, after - before);
    last = after;
  }
  assert.ok(chars > 0);
  return growth + Math.max(0, end - last);
}

const STEPS = 8000;

for (const generation of ['v13', 'v7.3'] as const)
  for (const json of [false, true])
    test(`kpw sim ${generation}${json ? ' --json' : ''}: old-generation growth does not scale with the steps`, async () => {
      const loaded = await loadUapi({ override: generation });
      assert.ok(loaded.ok, loaded.ok ? '' : loaded.error);
      const small = scenario(1, STEPS);
      const large = scenario(2, 4 * STEPS);
      oldGrowth(scenario(3, 2000), loaded.uapi, json); // warm-up: code and feedback settle first
      const atN = oldGrowth(small, loaded.uapi, json);
      const at4N = oldGrowth(large, loaded.uapi, json);
      // Before the fix: ~350 bytes a step (9 MB more at 4N); after: 1-11 (a chunk of output lines
      // alive at a scavenge now and then).
      const perStep = (at4N - atN) / (3 * STEPS);
      assert.ok(
        perStep < 64,
        `${at4N} bytes entered the old generation at ${4 * STEPS} steps, ${atN} at ${STEPS}: ${perStep.toFixed(1)} per step`,
      );
    });
