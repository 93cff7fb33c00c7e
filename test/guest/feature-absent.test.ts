// The "feature absent" kernel: Debian's 6.12 s390x kernel in the same QEMU
// guest has vfio-pci and the zPCI function but no VFIO_DEVICE_FEATURE_ZPCI_ERROR.
// The runner must get ENOTTY and say in words that the kernel lacks the feature.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runRun } from '../../src/cli/commands/run';
import { GUEST_DEVICE } from '../../src/core/runner/guest/index';
import { bootGuest, CI, missingPrerequisite, stopIfStartedHere, type Guest } from './guest-harness';

const missing = missingPrerequisite('absent');
if (missing && CI) throw new Error(`CI=true but the feature-absent guest cannot run: ${missing}`);

describe('a kernel without the feature (Debian 6.12 on the test guest)', { skip: missing }, () => {
  let guest: Guest | undefined;
  before(async () => {
    guest = await bootGuest('absent');
  });
  after(() => stopIfStartedHere('absent', guest));

  test('kpw run: PROBE and GET answer ENOTTY, explained as a kernel lacking the feature', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const state = guest?.state;
    assert.ok(state);
    const code = await runRun(
      [
        '--ssh',
        state.alias,
        '--ssh-config',
        state.sshConfig,
        '--device',
        GUEST_DEVICE,
        join(__dirname, 'scenarios/absent.json'),
      ],
      { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    );
    const text = out.join('\n');
    assert.equal(code, 0, `${text}\n${err.join('\n')}`);
    assert.match(
      text,
      /step 2: ioctl -> rc -1 ENOTTY \[target: VFIO_DEVICE_FEATURE: this kernel lacks the feature\]/,
    );
    assert.match(
      text,
      /step 3: ioctl -> rc -1 ENOTTY \[target: VFIO_DEVICE_FEATURE: this kernel lacks the feature\]/,
    );
    assert.match(text, /5 steps, 0 failed expectations/);
  });
});
