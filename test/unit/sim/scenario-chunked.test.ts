// A long scenario runs in slices (issue 15: 200,000 steps held the language server
// for 40 s): the chunked run gives the same results as the plain one, yields to the
// event loop between slices, reports progress and stops when cancelled.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  loadUapi,
  parseScenario,
  runScenario,
  runScenarioChunked,
  ScenarioCancelled,
} from '../../../src/core/sim/index';

function longScenario(n: number): string {
  const steps: unknown[] = [{ op: 'open' }];
  for (let i = 0; i < n; i++) {
    steps.push(
      i % 2
        ? { op: 'ioctl', flags: 'GET|ZPCI_ERROR', argsz: 16 }
        : { op: 'event', device: 'zpci0', pec: '0x3a', faddr: '0x1000' },
    );
  }
  return JSON.stringify({ uapi: 'v7.3', steps });
}

async function setup(n: number) {
  const loaded = parseScenario(longScenario(n), 'long.kpw-scenario.json');
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.error);
  const uapi = await loadUapi({ override: 'v7.3' });
  assert.ok(uapi.ok);
  return { scenario: loaded.scenario, uapi: uapi.uapi };
}

test('a chunked run equals the plain run and yields between slices', async () => {
  const { scenario, uapi } = await setup(4000);
  let turns = 0;
  let ticking = true;
  const tick = (): void => {
    turns++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const progress: number[] = [];
  const chunked = await runScenarioChunked(scenario, uapi, {
    sliceMs: 0,
    onProgress: (done) => progress.push(done),
  });
  ticking = false;
  const plain = runScenario(scenario, uapi);
  assert.deepEqual(
    chunked.map((r) => [r.answer.rc, r.answer.decidedBy, r.failures]),
    plain.map((r) => [r.answer.rc, r.answer.decidedBy, r.failures]),
  );
  assert.ok(turns > 10, `the event loop ran ${turns} times during the run`);
  assert.ok(progress.length > 10 && progress.every((d, i) => i === 0 || d > progress[i - 1]));
});

test('a chunked run stops when its signal is aborted', async () => {
  const { scenario, uapi } = await setup(4000);
  const abort = new AbortController();
  const run = runScenarioChunked(scenario, uapi, {
    sliceMs: 0,
    signal: abort.signal,
    onProgress: () => abort.abort(),
  });
  await assert.rejects(
    run,
    (err) => err instanceof ScenarioCancelled && /cancelled after \d+ of 4001 steps/.test(err.message),
  );
});
