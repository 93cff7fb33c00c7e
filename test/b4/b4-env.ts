// What the b4 tests share: kpw's built CLI (bin/kpw over dist/cli.js), a throwaway
// git repository holding the kernel-tree fixture, the b4 fixtures, and the rule
// for a missing prerequisite (skip saying why; under CI=true, fail).

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const KPW = join(ROOT, 'bin', 'kpw');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'b4');

/** Why kpw's CLI cannot run (not built), or undefined. */
export function kpwMissing(): string | undefined {
  return existsSync(join(ROOT, 'dist', 'cli.js')) ? undefined : 'dist/cli.js is missing: run npm run build';
}

/** A skip reason, or a failure under CI=true (a missing prerequisite must not pass CI silently). */
export function skipOrFail(reason: string | undefined): string | undefined {
  if (reason && process.env.CI === 'true') throw new Error(`prerequisite missing under CI=true: ${reason}`);
  return reason;
}

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Kpw Tester',
  GIT_AUTHOR_EMAIL: 'tester@example.org',
  GIT_COMMITTER_NAME: 'Kpw Tester',
  GIT_COMMITTER_EMAIL: 'tester@example.org',
};

/** A git repository (branch main) holding test/fixtures/kernel-tree, committed. */
export function makeRepo(prefix = 'kpw-b4-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const repo = join(dir, 'linux');
  cpSync(join(ROOT, 'test', 'fixtures', 'kernel-tree'), repo, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, env: { ...process.env, ...GIT_ENV }, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', GIT_ENV.GIT_AUTHOR_NAME);
  git('config', 'user.email', GIT_ENV.GIT_AUTHOR_EMAIL);
  git('add', '-A');
  git('commit', '-qm', 'base');
  return repo;
}
