// Issue 15, second round, class 1 through `--base REF`: a commit whose tree holds
// every hostile entry git can record (mode 120000 links to an outside file, to
// /etc/passwd, relative ones climbing out, one to a file inside, one to a directory,
// a dangling one; 160000 submodules; a blob over the size limit), each modified by a
// patch and included by a patched header. None is followed as a path: each is refused by
// name (before: "not found in the base"), under strace nothing outside is opened.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { makeLab, SECRET, type Lab } from './hostile-fs';
import { MAX_GIT_BLOB_BYTES } from '../../src/core/limits';

const ROOT = join(__dirname, '..', '..');
const TSX = pathToFileURL(require.resolve('tsx', { paths: [ROOT] })).href;
const HAVE_STRACE = spawnSync('strace', ['-V']).status === 0;
const DIR = 'include/uapi/linux';

interface Entry {
  path: string;
  /** What kpw must say about it. */
  says: RegExp;
}

let lab: Lab;
let repo: string;
const entries: Entry[] = [];

function git(args: string[], input?: string): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', input }).trim();
}

/** Every link target shape, planted at the top and deep: outside absolute, outside relative, the
 *  system's passwd, inside the repository, a directory, nowhere. */
function linkTargets(depth: string): [string, string][] {
  const up = '../'.repeat(depth.split('/').filter(Boolean).length + 1);
  return [
    ['abs-out', join(lab.outside, 'secret.h')],
    ['rel-out', `${up}outside/secret.h`],
    ['etc-passwd', '/etc/passwd'],
    ['rel-passwd', `${up}${'../'.repeat(12)}etc/passwd`],
    ['inside', `${depth ? '' : `${DIR}/`}ok.h`],
    ['dir-out', lab.outside],
    ['dangling', 'nowhere/gone.h'],
  ];
}

before(() => {
  lab = makeLab();
  repo = join(lab.root, 'repo');
  mkdirSync(join(repo, DIR), { recursive: true });
  git(['init', '-q']);
  writeFileSync(join(repo, DIR, 'ok.h'), 'struct ok { int a; };\n');
  git(['add', '.']);
  const add = (mode: string, sha: string, path: string) =>
    git(['update-index', '--add', '--cacheinfo', `${mode},${sha},${path}`]);
  for (const depth of ['', `${DIR}/`]) {
    for (const [name, target] of linkTargets(depth)) {
      add('120000', git(['hash-object', '-w', '--stdin'], target), `${depth}${name}.h`);
      entries.push({ path: `${depth}${name}.h`, says: /a symbolic link at HEAD/ });
    }
    add('160000', '1'.repeat(40), `${depth}sub.h`);
    entries.push({ path: `${depth}sub.h`, says: /a submodule at HEAD/ });
  }
  const huge = join(lab.root, 'huge.h');
  writeFileSync(huge, `struct huge { int a; };\n/*${'x'.repeat(MAX_GIT_BLOB_BYTES)}*/\n`);
  add('100644', git(['hash-object', '-w', huge]), `${DIR}/huge.h`);
  entries.push({ path: `${DIR}/huge.h`, says: /larger than the 16 MiB limit/ });
  const includes = entries.map((e) => `#include "${resolve(repo, e.path)}"`);
  writeFileSync(join(repo, DIR, 'inc.h'), `${includes.join('\n')}\nstruct inc { int a; };\n`);
  git(['add', `${DIR}/inc.h`]);
  git(['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'hostile tree']);
  const sections = entries.map(
    (e) =>
      `diff --git a/${e.path} b/${e.path}\n--- a/${e.path}\n+++ b/${e.path}\n@@ -1,1 +1,2 @@\n x\n+struct s { int a; };\n`,
  );
  sections.push(
    `diff --git a/${DIR}/inc.h b/${DIR}/inc.h\n--- a/${DIR}/inc.h\n+++ b/${DIR}/inc.h\n@@ -${entries.length + 1},1 +${entries.length + 1},2 @@\n struct inc { int a; };\n+struct inc2 { int b; };\n`,
  );
  writeFileSync(
    join(lab.root, 'all.patch'),
    `From 0 Mon Sep 17 00:00:00 2001\nFrom: T <t@example.com>\nSubject: [PATCH] all entries\n\n---\n${sections.join('')}`,
  );
});
after(() => (process.env.KPW_KEEP_LAB ? console.log(lab.root) : lab?.cleanup()));

function kpw(prefix: string[]): { status: number | null; out: string } {
  const argv = [
    ...prefix,
    process.execPath,
    '--import',
    TSX, // resolved from the project: the run's cwd is the repository under test
    join(ROOT, 'src/cli/main.ts'),
    'patch',
    '--abi',
    'x86_64',
    '--pre-existing',
    '--base',
    'HEAD',
    join(lab.root, 'all.patch'),
  ];
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd: repo,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('every hostile git tree entry is refused by name, and nothing of outside is printed', () => {
  const r = kpw([]);
  assert.ok(r.status !== null && r.status !== 4, `exit ${r.status}: ${r.out.slice(0, 2000)}`);
  assert.ok(!r.out.includes(SECRET) && !/root:x:0:0/.test(r.out), r.out.slice(0, 2000));
  for (const e of entries) {
    const lines = r.out.split('\n').filter((l) => l.includes(e.path));
    assert.ok(
      lines.some((l) => e.says.test(l)),
      `${e.path}: ${lines.join('\n') || 'not mentioned'}`,
    );
    assert.ok(!lines.some((l) => /not found/.test(l)), `${e.path} reported missing: ${lines.join('\n')}`);
  }
  assert.match(r.out, /struct inc2/, 'the regular header beside them is patched and analysed');
});

test(
  'traced: kpw (not git) opens nothing outside the repository',
  { skip: !HAVE_STRACE && process.env.CI !== 'true' && 'strace is not installed' },
  () => {
    const log = join(lab.root, 'git-trace.log');
    const r = kpw(['strace', '-f', '-qq', '-e', 'trace=open,openat,openat2,execve', '-o', log]);
    assert.ok(r.status !== null && r.status !== 4, r.out.slice(0, 2000));
    const lines = readFileSync(log, 'utf8').split('\n');
    // git's own opens (its config, its objects) are git's business: only node's count.
    const gitPids = new Set(
      lines.filter((l) => /execve\("[^"]*\/git"/.test(l)).map((l) => l.split(/\s+/)[0]),
    );
    const opened = lines
      .filter((l) => !gitPids.has(l.split(/\s+/)[0]))
      .map((l) => /\bopen(?:at2?)?\((?:AT_FDCWD|-?\d+), "((?:[^"\\]|\\.)*)"/.exec(l)?.[1])
      .filter((p): p is string => p !== undefined)
      .map((p) => resolve(repo, p));
    const bad = opened.filter((p) => p.startsWith(lab.outside) || p === '/etc/passwd');
    assert.deepEqual(bad, []);
    assert.ok(gitPids.size > 0, 'the trace saw git being run');
  },
);
