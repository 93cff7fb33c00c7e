// `kpw patch --compare X`: a series to compare with that cannot be used is an input
// failure (exit 3, an error naming it), never a quiet pass with the series-wide checks
// run against nothing. Generated over the kinds of unusable input: missing, empty,
// a directory, a device, a FIFO, text without a diff, over the size limit; a good
// --compare beside them keeps the run's exit at 0.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runPatch } from '../../src/cli/commands/patch';
import { LIMITS } from '../../src/core/limits';

const ROOT = join(__dirname, '..', '..');
const B4 = join(ROOT, 'test', 'fixtures', 'b4');
const TREE = join(ROOT, 'test', 'fixtures', 'kernel-tree');
const tmp = mkdtempSync(join(tmpdir(), 'kpw-compare-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

let fifos = 0;

/** Each kind of --compare input that holds no usable series, made on disk. */
const UNUSABLE: Record<string, () => string> = {
  missing: () => join(tmp, 'no-such.mbox'),
  empty: () => write('empty.mbox', ''),
  directory: () => {
    mkdirSync(join(tmp, 'dir.mbox'), { recursive: true });
    return join(tmp, 'dir.mbox');
  },
  device: () => '/dev/null',
  fifo: () => {
    const p = join(tmp, `fifo-${fifos++}.mbox`);
    execFileSync('mkfifo', [p]);
    return p;
  },
  'text without a diff': () => write('prose.mbox', 'Hello,\n\nno patch in here.\n'),
  'over the size limit': () => {
    const p = write('huge.mbox', '');
    truncateSync(p, LIMITS.patchInputBytes + 1);
    return p;
  },
};

function write(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => (stdout += `${t}\n`), stderr: (t: string) => (stderr += `${t}\n`) };
  const code = await runPatch(['--abi', 'x86_64', '--base', TREE, ...args], io);
  return { code, stdout, stderr };
}

test('a usable --compare leaves a clean patch at exit 0 (the baseline the cases below differ from)', async () => {
  const r = await run(['--compare', join(B4, 'claim13.patch'), join(B4, 'pass.patch')]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

for (const [kind, make] of Object.entries(UNUSABLE)) {
  test(`--compare on an unusable input (${kind}) is exit 3 naming it`, async () => {
    const bad = make();
    const r = await run(['--compare', bad, join(B4, 'pass.patch')]);
    assert.equal(r.code, 3, `exit; stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
    assert.ok((r.stdout + r.stderr).includes(bad.split('/').pop() as string), r.stdout + r.stderr);
  });
  test(`--compare ${kind} in b4-lines prints an ERROR line`, async () => {
    const r = await run(['--format', 'b4-lines', '--compare', make(), join(B4, 'pass.patch')]);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /^ERROR: /m);
  });
}
