// Runner faults beyond the basic ones, against a real sshd on 127.0.0.1: a
// slow link (answers trickling in, lines split across writes, stalls), output
// cut mid-line, and a target that "reboots" mid-run (its sshd and the session
// die). Each run ends with clear problems, keeps the answers it got, and leaves
// nothing running here and no local temp files.

import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseScenario, type Scenario } from '../../../src/core/sim/index';
import { runOnTarget, type TargetConfig, type TargetRunResult } from '../../../src/core/runner/index';
import { ALIAS, missingTools, startSshd, type TestSshd } from '../target/sshd-harness';

const SCENARIO = join(__dirname, '../../fixtures/target/probe-and-get.json');
const skip = process.env.CI === 'true' ? undefined : missingTools();

function scenario(): Scenario {
  const parsed = parseScenario(readFileSync(SCENARIO, 'utf8'), SCENARIO);
  assert.ok(parsed.ok);
  return parsed.scenario;
}

const answer = (step: number) =>
  `{"step":${step},"op":"open","rc":0,"errno":null,"bytes":"","fields":{},"decidedBy":"fake","trace":[]}`;

/** A fake probe (a shell script) written to a private dir; `body` runs after the header line is read. */
function fakeProbe(dir: string, name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\nread -r _header\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Processes on this machine whose command line mentions `needle` (our ssh clients carry the config path). */
function processesMentioning(needle: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle) && !/\bsshd\b/.test(cmd)) out.push(`${pid}: ${cmd}`);
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** Bounded poll (at most 3 s) until no ssh client of this test is left. */
async function noneLeft(needle: string): Promise<string[]> {
  let left = processesMentioning(needle);
  for (let i = 0; i < 120 && left.length; i++) {
    await new Promise((r) => setTimeout(r, 25));
    left = processesMentioning(needle);
  }
  return left;
}

function remoteDir(result: TargetRunResult): string | undefined {
  return result.log.map((l) => /^remote temp dir (\S+)$/.exec(l)?.[1]).find(Boolean);
}

describe('runner faults over a real sshd', { skip }, () => {
  let sshd: TestSshd;
  let probes: string;
  let localTmp: string;
  let savedTmp: string | undefined;
  const config = (): TargetConfig => ({
    destination: ALIAS,
    sshConfig: sshd.clientConfig,
    device: '/dev/null',
  });
  before(async () => {
    sshd = await startSshd();
    probes = mkdtempSync(join(tmpdir(), 'kpw-fault-probes-'));
    localTmp = mkdtempSync(join(tmpdir(), 'kpw-fault-tmp-'));
    savedTmp = process.env.TMPDIR;
  });
  after(async () => {
    await sshd?.stop();
    rmSync(probes, { recursive: true, force: true });
    rmSync(localTmp, { recursive: true, force: true });
  });
  const run = async (probe: string, timeoutSeconds = 20): Promise<TargetRunResult> => {
    process.env.TMPDIR = localTmp;
    try {
      return await runOnTarget(config(), scenario(), { probeBinary: probe, timeoutSeconds });
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
  };

  test('a slow link: answers trickle in, lines arrive in pieces, a stall; every step is answered', async () => {
    // Steps 0-3 go to the probe; step 4's flags are unknown, so the host answers it.
    const lines = [0, 1, 2, 3].map(answer);
    // Each answer in two writes with pauses between, and a 2 s stall in the middle.
    const body = lines
      .map(
        (l, i) =>
          `printf '%s' '${l.slice(0, 17)}'; sleep 0.2; printf '%s\\n' '${l.slice(17)}'; sleep ${i === 2 ? 2 : 0.1}`,
      )
      .join('\n');
    const result = await run(fakeProbe(probes, 'slow-probe.sh', body));
    assert.deepEqual(result.problems, []);
    assert.deepEqual(
      result.steps.map((s) => s.answer.decidedBy),
      ['fake', 'fake', 'fake', 'fake', 'scenario error'],
    );
    assert.equal(existsSync(remoteDir(result) ?? '/nonexistent'), false, 'the remote temp dir is removed');
    assert.deepEqual(await noneLeft(sshd.dir), [], 'no ssh client is left running');
    assert.deepEqual(readdirSync(localTmp), [], 'no local temp file is left');
  });

  test('output cut mid-line: earlier answers kept, the missing steps named, nothing left running', async () => {
    const cut = answer(1).slice(0, 30);
    const result = await run(
      fakeProbe(probes, 'cut-probe.sh', `echo '${answer(0)}'\nprintf '%s' '${cut}'\nexit 0`),
    );
    assert.equal(result.ok, false);
    assert.equal(result.steps[0].answer.decidedBy, 'fake');
    const kinds = result.problems.map((p) => p.kind);
    assert.ok(kinds.includes('probe-failed'), JSON.stringify(result.problems));
    assert.match(
      result.problems.find((p) => p.kind === 'probe-failed')?.message ?? '',
      /no answer for steps 1, 2, 3$/,
    );
    assert.deepEqual(
      result.steps.slice(1, 4).map((s) => s.failures),
      [1, 2, 3].map(() => ['no answer from the target']),
    );
    assert.equal(existsSync(remoteDir(result) ?? '/nonexistent'), false);
    assert.deepEqual(await noneLeft(sshd.dir), []);
    assert.deepEqual(readdirSync(localTmp), []);
  });

  test('output cut mid-line says what was cut', async () => {
    const result = await run(
      fakeProbe(
        probes,
        'cut-probe-2.sh',
        `echo '${answer(0)}'\nprintf '%s' '${answer(1).slice(0, 30)}'\nexit 0`,
      ),
    );
    assert.ok(
      // The cut line is quoted in the message as a JSON string, so its quotes are escaped.
      result.problems.some((p) => p.kind === 'probe-output' && /not JSON: .*step\\+":1,/.test(p.message)),
      JSON.stringify(result.problems),
    );
  });
});

describe('a target that reboots mid-run', { skip }, () => {
  test('sshd and the session die after step 0: a transport problem, answers so far kept, the runner returns, nothing left here', async () => {
    const sshd = await startSshd();
    const probes = mkdtempSync(join(tmpdir(), 'kpw-reboot-'));
    try {
      // The "reboot": the listening sshd goes away, then the session's sshd process is killed.
      const probe = fakeProbe(
        probes,
        'reboot-probe.sh',
        [
          `echo '${answer(0)}'`,
          `kill -TERM $(cat '${sshd.dir}/sshd.pid')`,
          'timeout_pid=$PPID',
          'session=$(ps -o ppid= -p $(ps -o ppid= -p $timeout_pid))',
          'kill -KILL $session',
          'exec sleep 600',
        ].join('\n'),
      );
      const result = await runOnTarget(
        { destination: ALIAS, sshConfig: sshd.clientConfig, device: '/dev/null' },
        scenario(),
        { probeBinary: probe, timeoutSeconds: 5 },
      );
      assert.equal(result.ok, false);
      assert.equal(result.steps[0].answer.decidedBy, 'fake');
      assert.match(result.problems[0].kind, /^(unreachable|transport)$/, JSON.stringify(result.problems));
      assert.ok(
        result.log.some((l) => /^cleanup on the target: failed/.test(l)),
        'cleanup was tried and its failure logged',
      );
      assert.deepEqual(await noneLeft(sshd.dir), [], 'no ssh client is left running');
      // A real reboot wipes /tmp; here the dir survives the fake one, so remove it.
      const dir = remoteDir(result);
      if (dir && /^\/tmp\/kpw-probe\.[A-Za-z0-9]{8}$/.test(dir))
        rmSync(dir, { recursive: true, force: true });
    } finally {
      await sshd.stop();
      rmSync(probes, { recursive: true, force: true });
    }
  });
});
