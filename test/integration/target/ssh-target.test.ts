// End to end against a real sshd on 127.0.0.1 started by the test: the s390x
// probe runs through qemu-user-static (ENOSYS for VFIO ioctls), the CLI, and
// the faults: refused connection, host key mismatch, hang, garbage, crash, cancel.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runRun } from '../../../src/cli/commands/run';
import { parseScenario, type Scenario } from '../../../src/core/sim/index';
import { runOnTarget, type TargetConfig, type TargetRunResult } from '../../../src/core/runner/index';
import { ALIAS, clientConfigText, freePort, missingTools, startSshd, type TestSshd } from './sshd-harness';

const FIXTURES = join(__dirname, '../../fixtures/target');
const V13_HEADER = join(__dirname, '../../fixtures/sim/headers/v13/linux/vfio-zpci-v13.h');
const QEMU = ['qemu-s390x-static'];
const skip = missingTools();
const hasGcc = spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;

function scenario(name = 'probe-and-get.json'): Scenario {
  const file = join(FIXTURES, name);
  const loaded = parseScenario(readFileSync(file, 'utf8'), file);
  assert.ok(loaded.ok);
  return loaded.scenario;
}

/** The remote temp dir named in the log must be gone after every run. */
function assertCleanedUp(result: TargetRunResult): void {
  const dir = result.log.map((l) => /^remote temp dir (\S+)$/.exec(l)?.[1]).find(Boolean);
  assert.ok(dir, 'a remote temp dir was made');
  assert.equal(existsSync(dir), false, `${dir} was removed`);
}

function remotePid(result: TargetRunResult): number | undefined {
  const pid = result.log.map((l) => /^probe: kpw-pid (\d+)$/.exec(l)?.[1]).find(Boolean);
  return pid === undefined ? undefined : Number(pid);
}

/** Bounded poll (at most 2 s) for a process to be gone. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 80; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

describe('target runner over a real sshd', { skip }, () => {
  let sshd: TestSshd;
  let target: TargetConfig;
  before(async () => {
    sshd = await startSshd();
    target = { destination: ALIAS, sshConfig: sshd.clientConfig, device: '/dev/null', runnerPrefix: QEMU };
  });
  after(async () => {
    await sshd?.stop();
  });
  /** Fake probes are shell scripts: run them directly, not through qemu. */
  const fake = (): TargetConfig => ({ ...target, runnerPrefix: undefined });

  test('the s390x probe runs under qemu-user and every VFIO ioctl reports ENOSYS cleanly (v7.3)', async () => {
    const result = await runOnTarget(target, scenario());
    assert.deepEqual(result.problems, []);
    const expected = JSON.parse(
      readFileSync(join(FIXTURES, 'probe-and-get.expected.json'), 'utf8'),
    ) as Record<string, unknown>[];
    const got = result.steps.map((r) => ({
      step: r.step,
      op: r.answer.op,
      rc: r.answer.rc,
      errno: r.answer.errno,
      decidedBy: r.answer.decidedBy,
    }));
    assert.deepEqual(got, expected);
    assertCleanedUp(result);
  });

  test('v13: the probe is built against the workspace header with the inline struct', async () => {
    const result = await runOnTarget(target, scenario(), { header: V13_HEADER });
    assert.deepEqual(result.problems, []);
    assert.ok(result.log.some((l) => l.includes('-DKPW_UAPI_V13') && l.includes(V13_HEADER)));
    assert.equal(result.steps[2].answer.errno, 'ENOSYS');
  });

  test(
    "build 'remote': the target's own gcc builds the probe; its kernel answers ENOTTY on a non-VFIO fd",
    { skip: hasGcc ? undefined : 'skipped: no gcc on this machine (the simulated target)' },
    async () => {
      const result = await runOnTarget({ ...fake(), build: 'remote' }, scenario());
      assert.deepEqual(result.problems, []);
      assert.ok(result.log.some((l) => l.startsWith('building on ') && l.includes('-DKPW_UAPI_V73')));
      assert.equal(result.steps[1].answer.errno, 'ENOTTY');
      assert.match(result.steps[1].answer.decidedBy, /this kernel lacks the feature/);
      assertCleanedUp(result);
    },
  );

  test('kpw run --json prints one sim-shaped object per step', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    const code = await runRun(
      [
        '--ssh',
        ALIAS,
        '--ssh-config',
        sshd.clientConfig,
        '--device',
        '/dev/null',
        '--runner-prefix',
        'qemu-s390x-static',
        '--json',
        join(FIXTURES, 'probe-and-get.json'),
      ],
      io,
    );
    assert.deepEqual(err, []);
    assert.equal(code, 1, 'step 4 has a scenario error, which counts as a failed step');
    const objects = out.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      objects.map((o) => Object.keys(o)),
      objects.map(() => [
        'step',
        'op',
        'rc',
        'errno',
        'kernelRc',
        'bytes',
        'fields',
        'decidedBy',
        'trace',
        'warnings',
        'ok',
        'failures',
      ]),
    );
    assert.equal(objects[1].errno, 'ENOSYS');
  });

  test('a probe that hangs past the timeout is killed and reported; earlier answers are kept', async () => {
    const result = await runOnTarget(fake(), scenario(), {
      probeBinary: join(FIXTURES, 'hang-probe.sh'),
      timeoutSeconds: 1,
    });
    assert.deepEqual(
      result.problems.map((p) => p.kind),
      ['timeout'],
    );
    assert.equal(result.steps[0].answer.decidedBy, 'fake');
    assert.deepEqual(result.steps[1].failures, ['no answer from the target']);
    const pid = remotePid(result);
    assert.ok(pid !== undefined && (await gone(pid)), 'the remote probe is gone');
    assertCleanedUp(result);
  });

  test('cancellation kills the remote probe and removes its temp dir', async () => {
    const controller = new AbortController();
    const result = await runOnTarget(fake(), scenario(), {
      probeBinary: join(FIXTURES, 'hang-probe.sh'),
      signal: controller.signal,
      onLog: (l) => l.startsWith('probe: {') && controller.abort(),
    });
    assert.deepEqual(
      result.problems.map((p) => p.kind),
      ['cancelled'],
    );
    const pid = remotePid(result);
    assert.ok(pid !== undefined && (await gone(pid)), 'the remote probe is gone');
    assertCleanedUp(result);
  });

  test('garbage on stdout becomes clear problems, good lines still count', async () => {
    const result = await runOnTarget(fake(), scenario(), { probeBinary: join(FIXTURES, 'garbage-probe.sh') });
    assert.deepEqual(
      result.problems.map((p) => p.kind),
      ['probe-output', 'probe-output', 'probe-failed'],
    );
    assert.match(result.problems[0].message, /not JSON: "Segmentation fault\? no: just noise"/);
    assert.match(result.problems[2].message, /no answer for steps 1, 2, 3/);
    assert.equal(result.steps.length, 5);
    assertCleanedUp(result);
  });

  test('a connection dropped mid-run is a transport problem; answers so far are kept', async () => {
    const result = await runOnTarget(fake(), scenario(), { probeBinary: join(FIXTURES, 'drop-probe.sh') });
    assert.equal(result.problems.length, 1, JSON.stringify(result.problems));
    assert.match(result.problems[0].kind, /^(unreachable|transport)$/);
    assert.match(result.problems[0].message, /connection .*lost|Connection closed|reset/);
    assert.equal(result.steps[0].answer.decidedBy, 'fake');
    const pid = remotePid(result);
    assert.ok(pid !== undefined && (await gone(pid)), 'the remote shell is gone');
    assertCleanedUp(result);
  });

  test('a crashing probe is reported with its signal', async () => {
    const result = await runOnTarget(fake(), scenario(), { probeBinary: join(FIXTURES, 'crash-probe.sh') });
    assert.deepEqual(
      result.problems.map((p) => p.kind),
      ['probe-failed'],
    );
    assert.match(result.problems[0].message, /crashed \(signal 11\)/);
    assertCleanedUp(result);
  });

  test('a changed host key is refused, never accepted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpw-hostkey-'));
    try {
      spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'other')], {
        stdio: 'ignore',
      });
      writeFileSync(
        join(dir, 'known_hosts'),
        `${ALIAS} ${readFileSync(join(dir, 'other.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`,
      );
      const config = clientConfigText(sshd.dir, sshd.port, userInfo().username, false).replace(
        `${sshd.dir}/known_hosts`,
        `${dir}/known_hosts`,
      );
      writeFileSync(join(dir, 'ssh_config'), config);
      const result = await runOnTarget({ ...target, sshConfig: join(dir, 'ssh_config') }, scenario());
      assert.deepEqual(
        result.problems.map((p) => p.kind),
        ['host-key'],
      );
      assert.deepEqual(result.steps, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('target runner without a server', { skip }, () => {
  test('connection refused is reported as unreachable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpw-nosshd-'));
    try {
      writeFileSync(
        join(dir, 'ssh_config'),
        clientConfigText(dir, await freePort(), userInfo().username, false),
      );
      const result = await runOnTarget(
        { destination: ALIAS, sshConfig: join(dir, 'ssh_config'), device: '/dev/null', runnerPrefix: QEMU },
        scenario(),
      );
      assert.deepEqual(
        result.problems.map((p) => p.kind),
        ['unreachable'],
      );
      assert.match(result.problems[0].message, /Connection refused/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
