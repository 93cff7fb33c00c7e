// bin/kpw runs the bundle through V8's code cache: the output is the same without a cache,
// with the cache it wrote, with a cache file of garbage, and with a cache directory that
// cannot be created. Needs dist/ (npm run build); skipped without it, failed under CI.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const header = join(root, 'test', 'fixtures', 'cli', 'code-cache.h');

function kpw(env: Record<string, string>): { out: string; status: number | null } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'kpw'), 'layout', header], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { out: r.stdout, status: r.status };
}

test('bin/kpw gives the same output with and without its code cache, whatever the cache holds', (t) => {
  if (!existsSync(join(root, 'dist', 'cli.js'))) {
    if (process.env.CI === 'true') assert.fail('dist/cli.js missing: run npm run build');
    t.skip('dist/cli.js missing: run npm run build');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'kpw-code-cache-'));
  try {
    const plain = kpw({ KPW_NO_CODE_CACHE: '1' });
    assert.equal(plain.status, 0);
    assert.match(plain.out, /struct code_cache/);
    const cacheDir = join(dir, 'a', 'b');
    assert.deepEqual(kpw({ KPW_CACHE_DIR: cacheDir }), plain, 'first run, writing the cache');
    const files = readdirSync(join(cacheDir, 'code-cache'));
    assert.equal(files.length, 1, files.join(', '));
    assert.deepEqual(kpw({ KPW_CACHE_DIR: cacheDir }), plain, 'second run, reading it');
    // A valid cache damaged anywhere (release V8 has no checksum of its own: a flipped byte in
    // the bytecode was once accepted and run): every damaged copy is refused and rewritten.
    const cacheFile = join(cacheDir, 'code-cache', files[0]);
    const valid = readFileSync(cacheFile);
    for (let k = 0; k < 12; k++) {
      const damaged = Buffer.from(valid);
      const at = Math.floor(((k + 0.5) / 12) * damaged.length);
      damaged[at] ^= 1 << (k % 8);
      writeFileSync(cacheFile, damaged);
      assert.deepEqual(kpw({ KPW_CACHE_DIR: cacheDir }), plain, `byte ${at} of ${damaged.length} flipped`);
      assert.ok(!readFileSync(cacheFile).equals(damaged), `the damaged cache (byte ${at}) is replaced`);
    }
    for (const garbage of ['', 'not a code cache', '\u0000'.repeat(4096)]) {
      writeFileSync(join(cacheDir, 'code-cache', files[0]), garbage);
      assert.deepEqual(kpw({ KPW_CACHE_DIR: cacheDir }), plain, `a cache file of ${garbage.length} bytes`);
    }
    assert.deepEqual(
      kpw({ KPW_CACHE_DIR: '/proc/kpw-cannot-exist' }),
      plain,
      'a directory that cannot be made',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Every subcommand path that loads the tree-sitter grammar (driver sources of a kernel tree)
// through the cache: a script compiled from cached data once had no dynamic-import callback,
// so the grammar's loader never settled and the second run printed nothing with exit 0.
test('bin/kpw through its code cache: a patch onto a kernel tree (tree-sitter loaded) gives the same findings every run', (t) => {
  if (!existsSync(join(root, 'dist', 'cli.js'))) {
    if (process.env.CI === 'true') assert.fail('dist/cli.js missing: run npm run build');
    t.skip('dist/cli.js missing: run npm run build');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'kpw-code-cache-'));
  const args = [
    'patch',
    '--abi',
    'x86_64',
    '--base',
    join(root, 'test', 'fixtures', 'kernel-tree'),
    join(root, 'test', 'fixtures', 'b4', 'fail.patch'),
  ];
  const run = (env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'kpw'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 120_000,
    });
    return { out: r.stdout, err: r.stderr, status: r.status };
  };
  try {
    const plain = run({ KPW_NO_CODE_CACHE: '1' });
    assert.equal(plain.status, 1, plain.err);
    assert.match(plain.out, /feature-number-duplicate/);
    assert.match(plain.out, /feature-not-dispatched/, 'the dispatch check read the driver with tree-sitter');
    for (const label of ['writing the cache', 'reading it', 'reading it again']) {
      assert.deepEqual(run({ KPW_CACHE_DIR: dir }), plain, label);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
