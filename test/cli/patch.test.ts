// `kpw patch` as data: test/fixtures/patch/cli-cases.json lists argument
// vectors ($BASE: a temporary tree holding Debian's 7.2.13 vfio.h at
// include/uapi/linux/vfio.h; $UAPI_7_2: that header's include root in ../shared), the exit code and fragments of stdout/stderr.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runPatch } from '../../src/cli/commands/patch';
import { UsageError } from '../../src/cli/exit-codes';
import { UAPI_7_2 } from '../shared-fixtures';
import { systemHeadersSkip } from '../system-headers';

interface Case {
  name: string;
  args: string[];
  exit: number;
  stdout?: string[];
  stderr?: string[];
}

const root = join(__dirname, '..', '..');
const cases: Case[] = JSON.parse(readFileSync(join(root, 'test/fixtures/patch/cli-cases.json'), 'utf8'));
const base = mkdtempSync(join(tmpdir(), 'kpw-cli-base-'));
mkdirSync(join(base, 'include/uapi/linux'), { recursive: true });
copyFileSync(join(UAPI_7_2, 'linux/vfio.h'), join(base, 'include/uapi/linux/vfio.h'));
after(() => rmSync(base, { recursive: true, force: true }));

/** Runs the subcommand as main() would: a UsageError is exit 2 with its message on stderr. */
async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const io = { stdout: (t: string) => (stdout += `${t}\n`), stderr: (t: string) => (stderr += `${t}\n`) };
    const code = await runPatch(args, io).catch((err) => {
      if (!(err instanceof UsageError)) throw err;
      stderr += err.message;
      return 2;
    });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

for (const c of cases) {
  test(`kpw patch: ${c.name}`, { skip: systemHeadersSkip() }, async () => {
    const [command, ...args] = c.args.map((a) => (a === '$BASE' ? base : a === '$UAPI_7_2' ? UAPI_7_2 : a));
    assert.equal(command, 'patch');
    const r = await run(args);
    assert.equal(r.code, c.exit, `exit code; stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
    for (const s of c.stdout ?? [])
      assert.ok(r.stdout.includes(s), `stdout should contain ${JSON.stringify(s)}:\n${r.stdout}`);
    for (const s of c.stderr ?? [])
      assert.ok(r.stderr.includes(s), `stderr should contain ${JSON.stringify(s)}:\n${r.stderr}`);
  });
}
