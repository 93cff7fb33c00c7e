// The simulator against a real Linux 7.3 s390x kernel: every scenario under
// test/guest/scenarios runs on the simulator (v7.3 model) and on the QEMU
// test guest through the real runner over ssh; the two must agree step by
// step (rc, errno, CCDF bytes, inject and info facts) and both must meet the
// scenario's expectations. Errors are really injected (a DMA the s390 IOMMU
// rejects). Skips with a reason when the guest is not built, fails under CI.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stepDifferences } from '../../src/core/api/index';
import { parseScenario, runScenario, type Scenario, type SimUapi } from '../../src/core/sim/index';
import { runOnTarget, type TargetConfig } from '../../src/core/runner/index';
import { GUEST_DEVICE } from '../../src/core/runner/guest/index';
import { bootGuest, CI, missingPrerequisite, stopIfStartedHere, v73Probe, type Guest } from './guest-harness';

const SCENARIOS = join(__dirname, 'scenarios');
const GUEST_ONLY = new Set(['absent.json']);
const FILES = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.json') && !GUEST_ONLY.has(f))
  .sort();
const missing = missingPrerequisite('7.3');
if (missing && CI) throw new Error(`CI=true but the guest suite cannot run: ${missing}`);

function load(file: string): Scenario {
  const loaded = parseScenario(readFileSync(join(SCENARIOS, file), 'utf8'), file);
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.error);
  return loaded.scenario;
}

describe('simulator vs Linux 7.3 on the s390x test guest', { skip: missing }, () => {
  let guest: Guest | undefined;
  let probe: { uapi: SimUapi; binary: string };
  let config: TargetConfig;
  const info: Record<string, number | string | boolean> = {};

  before(async () => {
    guest = await bootGuest('7.3');
    probe = await v73Probe();
    config = { destination: guest.state.alias, sshConfig: guest.state.sshConfig, device: GUEST_DEVICE };
    const infoScenario = parseScenario(
      JSON.stringify({ uapi: 'v7.3', steps: [{ op: 'open' }, { op: 'info' }, { op: 'close' }] }),
      'info.json',
    );
    assert.ok(infoScenario.ok);
    const r = await runOnTarget(config, infoScenario.scenario, {
      probeBinary: probe.binary,
      timeoutSeconds: 60,
    });
    assert.deepEqual(r.problems, []);
    Object.assign(info, r.steps[1].answer.fields);
  });
  after(() => stopIfStartedHere('7.3', guest));

  test('the guest is a marked test guest with the merged feature (zpci_base v3, ccdf_err_length 32)', () => {
    assert.equal(info.testGuest, true);
    assert.equal(info.zpciBaseVersion, 3);
    assert.equal(info.ccdfErrLength, 32);
  });

  for (const file of FILES) {
    test(`${file}: simulator and guest agree step by step`, async () => {
      const scenario = load(file);
      // The model gets the real function's identity and aperture, so only behavior is compared.
      const dev = scenario.devices[0];
      Object.assign(dev, {
        fh: Number(info.fh),
        fid: Number(info.fid),
        startDma: BigInt(String(info.startDma)),
        endDma: BigInt(String(info.endDma)),
      });
      const real = await runOnTarget(config, scenario, { probeBinary: probe.binary, timeoutSeconds: 240 });
      assert.deepEqual(real.problems, [], `transport: ${real.log.slice(-5).join(' | ')}`);
      const sim = runScenario(scenario, probe.uapi);
      assert.equal(real.steps.length, sim.length);
      const diffs = sim.flatMap((s, i) =>
        stepDifferences(s, real.steps[i]).map((d) => `step ${i} (${s.answer.op}): simulator ${d} (guest)`),
      );
      assert.deepEqual(diffs, []);
      for (const r of real.steps)
        assert.deepEqual(r.failures, [], `guest step ${r.step}: ${r.answer.decidedBy}`);
      for (const r of sim)
        assert.deepEqual(r.failures, [], `simulator step ${r.step}: ${r.answer.decidedBy}`);
    });
  }
});
