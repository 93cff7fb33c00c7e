// kpw inside the real b4: Debian trixie's b4 0.14.2 (scripts/b4-setup.sh), offline, in
// a throwaway git repository with b4.am-perpatch-check-cmd / b4.prep-perpatch-check-cmd
// set to kpw --format b4-lines. `b4 am --check` and `b4 prep --check` on a passing and
// a failing patch (plain, base64 and quoted-printable, which b4 pipes decoded under the
// original header), graded by b4 itself. Skips saying why without b4; fails under CI=true.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { FIXTURES, GIT_ENV, KPW, kpwMissing, makeRepo, skipOrFail } from './b4-env';

const B4 =
  process.env.KPW_B4 ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kpw', 'b4', 'bin', 'b4');

function b4Missing(): string | undefined {
  if (!existsSync(B4)) return `b4 not found at ${B4}: run bash scripts/b4-setup.sh`;
  const v = spawnSync(B4, ['--version'], { encoding: 'utf8' });
  if (v.status !== 0)
    return `${B4} --version failed (python3-dkim, -patatt, -requests, -dnspython, git-filter-repo from scripts/system-packages.txt?): ${v.stderr.trim().split('\n').pop()}`;
  return undefined;
}

const skip = skipOrFail(kpwMissing() ?? b4Missing());
const repo = skip ? '' : makeRepo('kpw-b4-real-');
const home = repo ? join(dirname(repo), 'home') : '';
after(() => repo && rmSync(dirname(repo), { recursive: true, force: true }));

// b4's grading marks (CI_FLAGS_FANCY in b4/__init__.py): the colour says success, warning or fail.
const FLAGS: [string, string][] = [
  ['\x1b[32m\u25cf\x1b[0m', 'success'],
  ['\x1b[31;5m\u25cf\x1b[0m', 'fail'],
  ['\x1b[31m\u25cf\x1b[0m', 'warning'],
];

function b4(args: string[]): { code: number; out: string } {
  mkdirSync(home, { recursive: true });
  const env = {
    ...process.env,
    ...GIT_ENV,
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_CONFIG_HOME: join(home, '.config'),
    PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
  };
  const r = spawnSync(B4, ['--offline-mode', ...args], {
    cwd: repo,
    env,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** The kpw rows b4 printed, with b4's grade for each. */
function kpwRows(out: string): [string, string][] {
  const rows: [string, string][] = [];
  for (const line of out.split('\n')) {
    const at = line.indexOf(' kpw: ');
    if (at < 0) continue;
    const flag = FLAGS.find(([mark]) => line.slice(0, at).includes(mark))?.[1] ?? 'unknown';
    rows.push([flag, line.slice(at + 1)]);
  }
  return rows;
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
}

const kpwCmd = (base: string) => `${KPW} patch --format b4-lines --base ${base} -`;

for (const [name, want] of [
  ['pass.patch', 'pass'],
  ['fail.patch', 'fail'],
  ['pass-base64.eml', 'pass'],
  ['fail-base64.eml', 'fail'],
  ['pass-qp.eml', 'pass'],
] as const) {
  test(`b4 am --check ${name}: b4 grades kpw's answer ${want}`, { skip }, () => {
    git('config', 'b4.am-perpatch-check-cmd', kpwCmd('.'));
    const r = b4([
      'am',
      '--check',
      '--no-cache',
      '-m',
      join(FIXTURES, name),
      '-o',
      join(dirname(repo), 'am-out'),
    ]);
    const rows = kpwRows(r.out);
    if (want === 'pass') assert.deepEqual(rows, [['success', 'kpw: passed all checks']], r.out);
    else {
      assert.ok(
        rows.some(
          ([flag, text]) =>
            flag === 'fail' &&
            /kpw: ERROR: include\/uapi\/linux\/vfio\.h:1545: .*\[feature-number-duplicate\]/.test(text),
        ),
        r.out,
      );
      assert.ok(!rows.some(([flag]) => flag === 'success'), r.out);
    }
  });
}

for (const [name, want] of [
  ['pass.patch', 'pass'],
  ['fail.patch', 'fail'],
] as const) {
  test(
    `b4 prep --check ${name}: graded ${want} with --base . (the work tree, series applied: already applied) and --base main (a git ref, the fork point)`,
    { skip },
    () => {
      git('checkout', '-q', 'main');
      const prep = b4(['prep', '-n', `kpw-${want}`, '-f', 'main']);
      assert.equal(prep.code, 0, prep.out);
      git('am', '-q', join(FIXTURES, name));
      for (const base of ['.', 'main']) {
        git('config', 'b4.prep-perpatch-check-cmd', kpwCmd(base));
        const r = b4(['prep', '--check', '--no-cache']);
        const rows = kpwRows(r.out);
        if (want === 'pass') {
          assert.match(r.out, /Success: 1, Warning: 0, Error: 0/, `--base ${base}: ${r.out}`);
        } else {
          assert.match(r.out, /Success: 0, Warning: \d+, Error: [1-9]/, `--base ${base}: ${r.out}`);
          assert.ok(
            rows.some(
              ([flag, text]) =>
                flag === 'fail' &&
                /ERROR: include\/uapi\/linux\/vfio\.h:1545: .*\[feature-number-duplicate\]/.test(text),
            ),
            r.out,
          );
        }
      }
    },
  );
}
