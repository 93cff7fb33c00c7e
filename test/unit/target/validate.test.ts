// Input checks of the target runner: destinations and device addresses from
// fixture lists, and proof that a refused destination spawns nothing.

import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runRun } from '../../../src/cli/commands/run';
import { parseScenario } from '../../../src/core/sim/index';
import {
  checkTarget,
  parseDestination,
  runOnTarget,
  scpArgs,
  shellQuote,
  sshArgs,
} from '../../../src/core/runner/index';

const FIXTURES = join(__dirname, '../../fixtures/target');
const lists = (name: string) =>
  JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as { accepted: string[]; refused: string[] };

test('destinations: accepted and refused as listed', () => {
  const { accepted, refused } = lists('destinations.json');
  for (const d of accepted) assert.equal(checkTarget({ destination: d }), undefined, d);
  for (const d of refused)
    assert.match(checkTarget({ destination: d }) ?? '', /refusing ssh destination/, JSON.stringify(d));
});

test('devices: accepted and refused as listed', () => {
  const { accepted, refused } = lists('devices.json');
  for (const d of accepted) assert.equal(checkTarget({ destination: 'h', device: d }), undefined, d);
  for (const d of refused)
    assert.match(checkTarget({ destination: 'h', device: d }) ?? '', /refusing device/, JSON.stringify(d));
});

test('runner prefix words are checked', () => {
  assert.equal(
    checkTarget({ destination: 'h', runnerPrefix: ['qemu-s390x-static', '-L', '/usr/s390x-linux-gnu'] }),
    undefined,
  );
  assert.match(checkTarget({ destination: 'h', runnerPrefix: ['-x'] }) ?? '', /starts with '-'/);
  assert.match(
    checkTarget({ destination: 'h', runnerPrefix: ['qemu;id'] }) ?? '',
    /refusing runner prefix word/,
  );
});

test('ssh argv ends options before the destination and never turns off host key checks', () => {
  const args = sshArgs({ destination: 'kpw', sshConfig: '/x/cfg' }, 'true');
  assert.deepEqual(args, ['-F', '/x/cfg', '-o', 'BatchMode=yes', '-T', '--', 'kpw', 'true']);
  assert.ok(!args.join(' ').includes('StrictHostKeyChecking'));
});

test('ssh://[user@]host[:port] becomes separate words: -p PORT (scp: -P PORT) and user@host', () => {
  const cases: [string, string[], string[]][] = [
    [
      'ssh://root@lpar.example.com:2222',
      ['-p', '2222', '-T', '--', 'root@lpar.example.com', 'true'],
      ['-P', '2222', '-q', '--', 'f', 'root@lpar.example.com:/tmp/x'],
    ],
    ['ssh://zvm-guest', ['-T', '--', 'zvm-guest', 'true'], ['-q', '--', 'f', 'zvm-guest:/tmp/x']],
    [
      'ssh://u@[::1]:22',
      ['-p', '22', '-T', '--', 'u@::1', 'true'],
      ['-P', '22', '-q', '--', 'f', 'u@[::1]:/tmp/x'],
    ],
    ['root@plain-host', ['-T', '--', 'root@plain-host', 'true'], ['-q', '--', 'f', 'root@plain-host:/tmp/x']],
  ];
  const common = ['-o', 'BatchMode=yes'];
  for (const [destination, ssh, scp] of cases) {
    assert.equal(checkTarget({ destination }), undefined, destination);
    assert.deepEqual(sshArgs({ destination }, 'true'), [...common, ...ssh], destination);
    assert.deepEqual(scpArgs({ destination }, ['f'], '/tmp/x'), [...common, ...scp], destination);
  }
  assert.deepEqual(parseDestination('ssh://root@h:2222'), { user: 'root', host: 'h', port: 2222 });
});

test('shellQuote quotes everything a shell would interpret', () => {
  assert.equal(shellQuote('/tmp/kpw-probe.ab'), '/tmp/kpw-probe.ab');
  assert.equal(shellQuote("a'b $(id)"), `'a'\\''b $(id)'`);
});

test('a destination with shell metacharacters is refused before anything is spawned', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-fake-ssh-'));
  const marker = join(dir, 'spawned');
  for (const tool of ['ssh', 'scp', 's390x-linux-gnu-gcc']) {
    writeFileSync(join(dir, tool), `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
    chmodSync(join(dir, tool), 0o755);
  }
  const path = process.env.PATH;
  process.env.PATH = `${dir}:${path ?? ''}`;
  try {
    const file = join(FIXTURES, 'probe-and-get.json');
    const loaded = parseScenario(readFileSync(file, 'utf8'), file);
    assert.ok(loaded.ok);
    const result = await runOnTarget({ destination: 'host;touch /tmp/kpw-pwned' }, loaded.scenario);
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.problems.map((p) => p.kind),
      ['refused'],
    );
    const err: string[] = [];
    const code = await runRun(['--ssh', 'h$(touch /tmp/kpw-pwned)', '--json', file], {
      stdout: () => undefined,
      stderr: (t) => err.push(t),
    });
    assert.equal(code, 2);
    assert.match(err.join('\n'), /refusing ssh destination/);
    assert.equal(existsSync(marker), false, 'nothing may be spawned');
  } finally {
    process.env.PATH = path;
    rmSync(dir, { recursive: true, force: true });
  }
});
