// `kpw abi-diff` and `kpw check --against REF` end to end through main(): the
// fixture pairs of test/fixtures/checks/compat-*, a tree pair, and a temporary
// git repository whose HEAD holds the older header.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { main } from '../../src/cli/main';

const FIX = join(__dirname, '..', 'fixtures', 'checks');
const ZDEV = join(
  __dirname,
  '..',
  'fixtures',
  'compat',
  'kernel-tree',
  'include',
  'uapi',
  'linux',
  'vfio_zdev.h',
);

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: (t) => void (out += `${t}\n`),
    stderr: (t) => void (err += `${t}\n`),
  });
  return { code, out, err };
}

test('abi-diff of two files: a struct grown without argsz is a break, and its _IOR number changed', async () => {
  const r = await run([
    'abi-diff',
    join(FIX, 'compat-layout-changed/grew-without-argsz.before.h'),
    join(FIX, 'compat-layout-changed/grew-without-argsz.h'),
  ]);
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /struct foo_dev_info: 8 -> 16 bytes.*\[compat-layout-changed\]/);
  assert.match(r.out, /FOO_GET_INFO: _IOC size 8 -> 16.*\[compat-number-changed\]/);
});

test('abi-diff: a compatible extension exits 0 and is listed only with --extensions', async () => {
  const args = [
    join(FIX, 'compat-extension/vfio-argsz-append.before.h'),
    join(FIX, 'compat-extension/vfio-argsz-append.h'),
  ];
  const quiet = await run(['abi-diff', ...args]);
  assert.equal(quiet.code, 0, quiet.out + quiet.err);
  assert.equal(quiet.out, '');
  const loud = await run(['abi-diff', '--extensions', ...args]);
  assert.match(loud.out, /argsz.*\[compat-extension\]/);
});

test('abi-diff of two trees: a header missing from NEW is reported removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-abi-diff-'));
  try {
    mkdirSync(join(dir, 'old/linux'), { recursive: true });
    mkdirSync(join(dir, 'new/linux'), { recursive: true });
    copyFileSync(ZDEV, join(dir, 'old/linux/vfio_zdev.h'));
    const r = await run(['abi-diff', '--abi', 'x86_64', join(dir, 'old'), join(dir, 'new')]);
    assert.equal(r.code, 1);
    assert.match(r.out, /linux\/vfio_zdev.h: header removed \[compat-removed\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('abi-diff: usage errors exit 2, a missing tree exits 3', async () => {
  assert.equal((await run(['abi-diff', ZDEV])).code, 2);
  assert.equal((await run(['abi-diff', '/nonexistent/old', ZDEV])).code, 3);
});

test('check --against HEAD: the working-tree header against its committed version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-against-'));
  try {
    const header = join(dir, 'include/uapi/linux/vfio_zdev.h');
    mkdirSync(join(dir, 'include/uapi/linux'), { recursive: true });
    copyFileSync(join(FIX, 'compat-member-changed/renamed-and-removed.before.h'), header);
    const git = (...a: string[]): string => execFileSync('git', ['-C', dir, ...a], { encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.email=kpw@example.org', '-c', 'user.name=kpw', 'commit', '-qm', 'base');
    copyFileSync(join(FIX, 'compat-member-changed/renamed-and-removed.h'), header);
    const r = await run([
      'check',
      '--abi',
      'x86_64',
      '--only',
      'compat-member-changed',
      '--against',
      'HEAD',
      header,
    ]);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /'queue_id' renamed to 'qid'/);
    assert.match(r.out, /'timeout_ms' \(__u32 @12\) removed/);
    const bad = await run(['check', '--against', '--upload-pack=x', header]);
    assert.equal(bad.code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
