// inject on a machine that is not a test guest: the real probe (s390x, under
// qemu-user over the test sshd) refuses it before touching any device, and
// says why; info still works on a plain file descriptor path.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { parseScenario } from '../../../src/core/sim/index';
import { runOnTarget, type TargetConfig } from '../../../src/core/runner/index';
import { ALIAS, missingTools, startSshd, type TestSshd } from './sshd-harness';

const skip =
  missingTools() ??
  (existsSync('/etc/kpw-test-guest')
    ? 'skipped: this machine is itself marked as a test guest (/etc/kpw-test-guest)'
    : undefined);

describe('inject on a target not marked as a test guest', { skip }, () => {
  let sshd: TestSshd;
  let target: TargetConfig;
  before(async () => {
    sshd = await startSshd();
    target = {
      destination: ALIAS,
      sshConfig: sshd.clientConfig,
      device: '/dev/null',
      runnerPrefix: ['qemu-s390x-static'],
    };
  });
  after(async () => {
    await sshd?.stop();
  });

  test('the probe refuses with EPERM and names the missing marker; nothing else runs for that step', async () => {
    const loaded = parseScenario(
      JSON.stringify({
        uapi: 'v7.3',
        steps: [{ op: 'open' }, { op: 'inject', faddr: '0x1000' }, { op: 'reset' }],
      }),
      'inject.json',
    );
    assert.ok(loaded.ok);
    const result = await runOnTarget(target, loaded.scenario);
    assert.deepEqual(result.problems, []);
    const inject = result.steps[1].answer;
    assert.equal(inject.op, 'inject');
    assert.equal(inject.rc, -1);
    assert.equal(inject.errno, 'EPERM');
    assert.match(inject.decidedBy, /not marked as a test guest \(\/etc\/kpw-test-guest\)/);
    assert.deepEqual(inject.fields, {});
  });
});
