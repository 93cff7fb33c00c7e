// The CLI's first code cache is warmed (src/launch/cli-warm-up.ts): a first `kpw layout` or
// `kpw check` on a trivial input writes a cache holding what the embedded synthetic tree's runs
// compiled too, while its own output, stderr and exit code are those of a run without cache or
// warm-up, for every case below (findings, no findings, a usage error, a missing file); the
// warm-up's temp tree is removed. Needs dist/ (npm run build); skipped without it, failed under CI.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures');
const trivial = join(fixtures, 'cli', 'code-cache.h');
const holes = join(fixtures, 'server', 'holes.h');

/** The cases: each subcommand the warm-up covers, on inputs that end each way. */
const CASES: string[][] = [
  ['layout', trivial],
  ['layout', '--abi', 'all', holes],
  ['layout', holes, '--', 'no_such_type'],
  ['check', trivial],
  ['check', '--uapi', holes],
  ['check', '--format', 'json', '--uapi', holes],
  ['check', '--no-such-option', holes],
  ['layout', join(fixtures, 'cli', 'no-such-file.h')],
];

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

function kpw(argv: string[], env: Record<string, string>): Run {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'kpw'), ...argv], {
    encoding: 'utf8',
    env: { ...process.env, KPW_NO_CACHE_WARM_UP: '', ...env },
    timeout: 120_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function cacheFile(dir: string, command: string): string {
  const files = readdirSync(join(dir, 'code-cache')).filter((f) => f.startsWith(`cli-${command}-`));
  assert.equal(files.length, 1, files.join(', '));
  return join(dir, 'code-cache', files[0]);
}

test('a warmed first cache: same output and exit code, more in the cache, no temp tree left', (t) => {
  if (!existsSync(join(root, 'dist', 'cli.js'))) {
    if (process.env.CI === 'true') assert.fail('dist/cli.js missing: run npm run build');
    t.skip('dist/cli.js missing: run npm run build');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'kpw-warm-cache-'));
  try {
    for (const [i, argv] of CASES.entries()) {
      const tmp = join(dir, `tmp-${i}`);
      mkdirSync(tmp);
      const plain = kpw(argv, { KPW_NO_CODE_CACHE: '1' });
      const warmed = join(dir, `warmed-${i}`);
      assert.deepEqual(
        kpw(argv, { KPW_CACHE_DIR: warmed, TMPDIR: tmp }),
        plain,
        `first run: ${argv.join(' ')}`,
      );
      assert.deepEqual(readdirSync(tmp), [], `the warm-up tree is removed: ${argv.join(' ')}`);
      assert.deepEqual(kpw(argv, { KPW_CACHE_DIR: warmed }), plain, `second run: ${argv.join(' ')}`);
    }
    // The cache a trivial header's first run writes, with and without the warm-up.
    for (const command of ['layout', 'check']) {
      const argv = [command, trivial];
      const cold = join(dir, `cold-${command}`);
      const warm = join(dir, `warm-${command}`);
      kpw(argv, { KPW_CACHE_DIR: cold, KPW_NO_CACHE_WARM_UP: '1' });
      kpw(argv, { KPW_CACHE_DIR: warm });
      const [coldSize, warmSize] = [cold, warm].map((d) => statSync(cacheFile(d, command)).size);
      assert.ok(warmSize > coldSize * 1.1, `${command}: warmed cache ${warmSize} B vs ${coldSize} B`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
