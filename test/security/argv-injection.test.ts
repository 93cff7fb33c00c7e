// Hostile target values: destinations, device addresses, ssh config paths and
// runner words with shell metacharacters, newlines or `-o ProxyCommand=...`
// are refused before anything starts (fake tools on PATH record every call);
// accepted values reach ssh after `--` and the remote shell as inert words.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runRun } from '../../src/cli/commands/run';
import { parseScenario, type Scenario } from '../../src/core/sim/index';
import { runOnTarget, type TargetConfig } from '../../src/core/runner/index';
import { installFakeTools, LOCAL_SCP, LOCAL_SSH, type FakeTools } from './fake-tools';

const SCENARIO_FILE = join(__dirname, '../fixtures/target/probe-and-get.json');
const TOOLS = ['ssh', 'scp', 's390x-linux-gnu-gcc', 'gcc', 'timeout', 'sudo', 'qemu-s390x-static'];

function scenario(): Scenario {
  const parsed = parseScenario(readFileSync(SCENARIO_FILE, 'utf8'), SCENARIO_FILE);
  assert.ok(parsed.ok);
  return parsed.scenario;
}

const PROXY = '-oProxyCommand=touch /tmp/kpw-pwned';
/** Each must be refused with nothing started. */
const HOSTILE: [string, TargetConfig][] = [
  ['destination -oProxyCommand=', { destination: PROXY }],
  ['destination -o ProxyCommand', { destination: '-o ProxyCommand=sh' }],
  ['destination with a newline and an option', { destination: 'host\n-oProxyCommand=id' }],
  ['destination with a space and an option', { destination: 'host -oProxyCommand=id' }],
  ['destination with $()', { destination: 'h$(touch /tmp/kpw-pwned)' }],
  ['destination with backticks', { destination: 'h`id`' }],
  ['destination with ;', { destination: 'h;id' }],
  ['destination with a NUL', { destination: 'h\0-oProxyCommand=id' }],
  ['destination host:path (scp would read it as a path)', { destination: 'h:/etc' }],
  ['device with ;', { destination: 'h', device: '0000:00:00.0;id' }],
  ['device with a newline (a second probe line)', { destination: 'h', device: '0000:00:00.0\nstep 0 open' }],
  ['device climbing out of /dev', { destination: 'h', device: '/dev/../etc/shadow' }],
  ['device as an option', { destination: 'h', device: '-oProxyCommand=id' }],
  ['device with $()', { destination: 'h', device: '/dev/$(id)' }],
  ['ssh config as an option', { destination: 'h', sshConfig: PROXY }],
  ['ssh config with a newline', { destination: 'h', sshConfig: '/tmp/x\n-oProxyCommand=id' }],
  ['runner prefix starting with -', { destination: 'h', runnerPrefix: [PROXY] }],
  ['runner prefix word with ;', { destination: 'h', runnerPrefix: ['qemu-s390x-static;id'] }],
  ['runner prefix word with a space', { destination: 'h', runnerPrefix: ['qemu-s390x-static id'] }],
  ['runner prefix word with a newline', { destination: 'h', runnerPrefix: ['qemu\nid'] }],
  ['runner prefix word with $()', { destination: 'h', runnerPrefix: ['$(id)'] }],
  ['runner prefix word with a quote', { destination: 'h', runnerPrefix: ["a'b"] }],
];

describe('hostile target values are refused before anything is started', () => {
  let fake: FakeTools;
  before(() => (fake = installFakeTools(TOOLS)));
  after(() => fake.restore());

  for (const [what, config] of HOSTILE) {
    test(what, async () => {
      const result = await runOnTarget(config, scenario());
      assert.deepEqual(
        result.problems.map((p) => p.kind),
        ['refused'],
        JSON.stringify(result.problems),
      );
      assert.match(result.problems[0].message, /^refusing /);
      assert.deepEqual(fake.calls(), [], 'nothing may be started');
    });
  }

  test('kpw run refuses the same values with exit 2 and names the cause', async () => {
    const cases: string[][] = [
      ['--ssh', PROXY],
      ['--ssh', 'h', '--device', '0000:00:00.0;id'],
      ['--ssh', 'h', '--runner-prefix', '-oProxyCommand=id'],
      ['--ssh', 'h', '--ssh-config', '-oProxyCommand=id'],
    ];
    for (const args of cases) {
      const err: string[] = [];
      const code = await runRun([...args, '--json', SCENARIO_FILE], {
        stdout: () => undefined,
        stderr: (t) => err.push(t),
      });
      assert.equal(code, 2, args.join(' '));
      assert.match(err.join('\n'), /refusing/, args.join(' '));
    }
    assert.deepEqual(fake.calls(), [], 'nothing may be started');
  });
});

describe('accepted values stay inert on argv and in the remote shell', () => {
  let fake: FakeTools;
  let privateTmp: string;
  let savedTmp: string | undefined;
  let probe: string;
  before(() => {
    fake = installFakeTools(['ssh', 'scp', 'timeout', 's390x-linux-gnu-gcc'], {
      // The local build: record the mode of the directory the binary goes to, then make it.
      's390x-linux-gnu-gcc': `while [ $# -gt 0 ]; do [ "$1" = -o ] && out=$2; shift; done\nstat -c '%a build-dir' "$(dirname "$out")" >> "${'$'}{KPW_MODES:?}"\nprintf '#!/bin/sh\\n' > "$out"\nexit 0`,
      ssh: LOCAL_SSH,
      scp: LOCAL_SCP,
      // The "remote" side: record the modes of the temp dir and the probe, then end.
      timeout: `stat -c '%a %n' . kpw-probe >> "${'$'}{KPW_MODES:?}"\nexit 0`,
    });
    savedTmp = process.env.TMPDIR;
    privateTmp = mkdtempSync(join(tmpdir(), 'kpw-sec-tmp-'));
    probe = join(fake.dir, 'fake-probe');
    writeFileSync(probe, '#!/bin/sh\nexit 0\n');
    chmodSync(probe, 0o755);
    process.env.KPW_MODES = join(fake.dir, 'modes.log');
  });
  after(() => {
    process.env.TMPDIR = savedTmp;
    if (savedTmp === undefined) delete process.env.TMPDIR;
    delete process.env.KPW_MODES;
    rmSync(privateTmp, { recursive: true, force: true });
    fake.restore();
  });

  test('ssh gets -- before the destination; the remote shell sees exactly the prefix words', async () => {
    process.env.TMPDIR = privateTmp;
    const prefix = ['qemu-s390x-static', '-L', '/usr/s390x-linux-gnu', 'a=b,c%d:e+f@g'];
    const config: TargetConfig = {
      destination: 'user_1@kpw-local',
      sshConfig: join(fake.dir, 'cfg with space;id'),
      device: '/dev/null',
      runnerPrefix: prefix,
    };
    const result = await runOnTarget(config, scenario(), { probeBinary: probe, timeoutSeconds: 5 });
    process.env.TMPDIR = savedTmp;
    const calls = fake.calls();
    for (const c of calls.filter((x) => x.tool === 'ssh' || x.tool === 'scp')) {
      const dash = c.argv.indexOf('--');
      assert.ok(dash > 0, `${c.tool} argv ends options: ${JSON.stringify(c.argv)}`);
      assert.deepEqual(c.argv.slice(0, dash), [
        '-F',
        config.sshConfig,
        '-o',
        'BatchMode=yes',
        ...(c.tool === 'ssh' ? ['-T'] : ['-q']),
      ]);
      assert.ok(
        c.argv[dash + 1] === config.destination ||
          c.argv[c.argv.length - 1].startsWith(`${config.destination}:`),
      );
    }
    const timeouts = calls.filter((c) => c.tool === 'timeout');
    assert.equal(timeouts.length, 1, `the probe command ran once: ${JSON.stringify(result.log)}`);
    assert.deepEqual(timeouts[0].argv, ['-k', '2', '5', ...prefix, './kpw-probe']);
    const modes = readFileSync(process.env.KPW_MODES as string, 'utf8')
      .trim()
      .split('\n');
    assert.deepEqual(
      modes.map((l) => l.split(' ')[0]),
      ['700', '700'],
      `remote temp dir and probe are private: ${modes.join(', ')}`,
    );
    const remote = result.log.map((l) => /^remote temp dir (\S+)$/.exec(l)?.[1]).find(Boolean) as string;
    assert.ok(remote, 'a remote temp dir was made');
    assert.throws(() => readdirSync(remote), /ENOENT/, 'the remote temp dir is removed');
    assert.deepEqual(readdirSync(privateTmp), [], 'the local temp dir is removed');
  });

  test('a local build happens in a private temp dir that is removed afterwards', async () => {
    writeFileSync(process.env.KPW_MODES as string, '');
    process.env.TMPDIR = privateTmp;
    const result = await runOnTarget({ destination: 'kpw-local', device: '/dev/null' }, scenario(), {
      timeoutSeconds: 5,
    });
    process.env.TMPDIR = savedTmp;
    assert.ok(
      result.log.some((l) => l.startsWith('built the probe')),
      JSON.stringify(result.problems),
    );
    const modes = readFileSync(process.env.KPW_MODES as string, 'utf8')
      .trim()
      .split('\n');
    assert.deepEqual(modes, ['700 build-dir', '700 .', '700 kpw-probe']);
    assert.deepEqual(readdirSync(privateTmp), [], 'the local temp dir is removed');
  });
});
