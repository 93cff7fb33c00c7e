// CLI tests as data: test/cli/cases.json lists argument vectors with their
// expected exit code and either a golden stdout (test/golden/cli/<name>.stdout,
// rewritten with KPW_UPDATE_GOLDEN=1) or a fragment stdout/stderr must contain.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main';
import { KPW_VERSION } from '../../src/cli/version';

interface Case {
  name: string;
  args: string[];
  exit: number;
  golden?: boolean;
  stdout?: string;
  /** A fragment stderr must contain, or several (a diagnostic's file:line, cause, code). */
  stderr?: string | string[];
}

const root = join(__dirname, '..', '..');
const cases: Case[] = JSON.parse(readFileSync(join(__dirname, 'cases.json'), 'utf8'));
const update = process.env.KPW_UPDATE_GOLDEN === '1';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const code = await main(args, { stdout: (t) => (stdout += `${t}\n`), stderr: (t) => (stderr += `${t}\n`) });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

for (const c of cases) {
  test(`kpw ${c.args.join(' ')}`, async () => {
    const r = await run(c.args);
    assert.equal(r.code, c.exit, `exit code; stderr:\n${r.stderr}`);
    for (const fragment of typeof c.stderr === 'string' ? [c.stderr] : (c.stderr ?? [])) {
      assert.ok(r.stderr.includes(fragment), `stderr should contain ${JSON.stringify(fragment)}:\n${r.stderr}`);
    }
    if (c.stdout) assert.ok(r.stdout.includes(c.stdout), `stdout should contain ${JSON.stringify(c.stdout)}:\n${r.stdout}`);
    if (c.golden) {
      const file = join(root, 'test', 'golden', 'cli', `${c.name}.stdout`);
      if (update) writeFileSync(file, r.stdout);
      assert.equal(r.stdout, readFileSync(file, 'utf8'));
    }
  });
}

test('the kpw process exits with the documented code', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'layout', '--abi', 'nope', 'x.h'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown ABI 'nope'/);
});

test('KPW_VERSION matches package.json', () => {
  assert.equal(KPW_VERSION, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
});
