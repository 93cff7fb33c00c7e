// The one scenario comparer (src/core/api/scenario.ts) and `kpw run --compare`
// over it: every simulator scenario fixture compared with itself agrees, and
// each kind of mutation of the "target" side (rc, errno, bytes, a missing
// step, an inject fact) is reported as a difference that names it.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { reportComparison } from '../../../src/cli/commands/run-compare';
import { compareRuns, compareWithSimulator, type RunStep } from '../../../src/core/api/index';
import {
  loadUapi,
  parseScenario,
  runScenario,
  type Scenario,
  type StepResult,
} from '../../../src/core/sim/index';
import type { TargetRunResult } from '../../../src/core/runner/index';

const DIR = join(__dirname, '../../fixtures/sim/v7.3');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

function load(file: string): Scenario {
  const parsed = parseScenario(readFileSync(join(DIR, file), 'utf8'), file);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.scenario;
}

async function simulate(s: Scenario): Promise<StepResult[]> {
  const uapi = await loadUapi({ override: s.uapi ?? 'v7.3' });
  assert.ok(uapi.ok);
  return runScenario(s, uapi.uapi);
}

/** Mutations of one answer, each with the word its difference must contain. */
const MUTATIONS: [string, (a: StepResult['answer']) => void][] = [
  ['rc', (a) => void (a.rc = a.rc === 0 ? -1 : 0)],
  ['errno', (a) => void (a.errno = a.errno === 'EIO' ? 'EPERM' : 'EIO')],
  ['bytes', (a) => void (a.bytes = new Uint8Array([...a.bytes, 0xff]))],
];

describe('scenario comparison', () => {
  test('there are scenarios to compare', () => assert.ok(FILES.length >= 3, `${FILES.length}`));

  for (const file of FILES) {
    test(`${file}: a run agrees with itself; every mutation of one step is named`, async () => {
      const s = load(file);
      const sim = await simulate(s);
      assert.ok(compareRuns(sim, sim).every((r) => r.same && r.differences.length === 0));
      for (const [i, step] of sim.entries()) {
        for (const [word, mutate] of MUTATIONS) {
          if (word === 'bytes' && step.answer.op !== 'ioctl') continue;
          const target: RunStep[] = sim.map((r, j) => {
            const answer = { ...r.answer, bytes: r.answer.bytes.slice() };
            if (j === i) mutate(answer);
            return { step: r.step, answer };
          });
          const rows = compareRuns(sim, target);
          assert.deepEqual(
            rows.filter((r) => !r.same).map((r) => r.step),
            [i],
            `${word} of step ${i}`,
          );
          assert.ok(
            rows[i].differences.some((d) => d.startsWith(word)),
            rows[i].differences.join('; '),
          );
        }
      }
      const short = compareRuns(sim, sim.slice(0, -1));
      assert.deepEqual(short[short.length - 1].differences, ['the target did not answer']);
    });
  }

  test('kpw run --compare: exit 0 when the target answers as the simulator, 1 with the differing step named', async () => {
    const s = load(FILES[0]);
    const sim = await simulate(s);
    const run = (steps: StepResult[]): TargetRunResult => ({
      ok: true,
      steps: steps.map((r) => ({ step: r.step, answer: { ...r.answer }, failures: [] })),
      problems: [],
      log: [],
    });
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) };
    const opts = { includeDirs: [], json: false, destination: 'guest' };
    assert.equal(await reportComparison(s, run(sim), opts, io), 0);
    assert.match(out.join('\n'), new RegExp(`All ${sim.length} steps agree`));
    const changed = sim.map((r, i) => (i === 0 ? { ...r, answer: { ...r.answer, rc: 7 } } : r));
    out.length = 0;
    assert.equal(await reportComparison(s, run(changed), { ...opts, json: true }, io), 1);
    const rows = out.map((l) => JSON.parse(l) as { step: number; same: boolean; differences: string[] });
    assert.deepEqual(rows[0].differences, [`rc ${sim[0].answer.rc} vs 7`]);
    assert.ok(rows.slice(1).every((r) => r.same));
  });

  test('compareWithSimulator reports an unusable header instead of throwing', async () => {
    const r = await compareWithSimulator(load(FILES[0]), [], { header: '/nonexistent/vfio.h' });
    assert.equal(r.ok, false);
  });
});
