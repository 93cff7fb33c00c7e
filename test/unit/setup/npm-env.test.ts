// The nested npm of scripts/e2e-setup.sh must not inherit the outer npm's settings (issue 13:
// under `npm start`, npm_config_user_agent said node/v20 and code-server's postinstall refused).
// clean_npm (scripts/lib/npm-env.sh) is run with generated npm_* variables, and a real npm under
// it must compute its own user agent from the node it runs on.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const LIB = join(__dirname, '..', '..', '..', 'scripts', 'lib', 'npm-env.sh');

function underCleanNpm(command: string, env: Record<string, string>): string {
  const r = spawnSync('bash', ['-c', `source '${LIB}'; clean_npm ${command}`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('generated npm_* settings of an outer npm never reach the command; the rest does', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 1000) / 1000;
  for (let round = 0; round < 20; round++) {
    const env: Record<string, string> = { KPW_KEEP_ME: 'yes', npm_config_nodedir: '/outer' };
    for (let i = 0; i < 1 + Math.floor(rnd() * 8); i++)
      env[`npm_${['config', 'package', 'lifecycle', 'node'][Math.floor(rnd() * 4)]}_${i}x${round}`] = `v${i}`;
    env.npm_config_user_agent = 'npm/11.19.1 node/v1.2.3 linux x64';
    env.NODE = '/outer/node';
    env.INIT_CWD = '/outer';
    const seen = underCleanNpm('env', env);
    const leaked = seen.split('\n').filter((l) => /^(npm_|NPM_|NODE=|INIT_CWD=)/.test(l));
    assert.deepEqual(leaked, [], `round ${round}`);
    assert.match(seen, /^KPW_KEEP_ME=yes$/m);
  }
});

test('a real npm under clean_npm computes its own user agent, not the outer one', () => {
  const outer = { npm_config_user_agent: 'npm/11.19.1 node/v1.2.3 linux x64 workspaces/false' };
  // Without clean_npm the outer agent wins (what code-server's postinstall read).
  const leaked = spawnSync('npm', ['config', 'get', 'user-agent'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...outer },
  }).stdout;
  assert.match(leaked, /node\/v1\.2\.3/);
  const agent = underCleanNpm('npm config get user-agent', outer);
  assert.doesNotMatch(agent, /node\/v1\.2\.3/);
  // npm's default, filled in with the node it runs on.
  assert.match(agent, /node\/\{node-version\}/);
});
