// One cold-setup estimate (scripts/setup-estimate.txt, measured) for every place that gives one:
// the README's quick start, `npm start -- --help` and setup's first line read or quote it, and
// no other minute range creeps back into them.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const estimate = readFileSync(join(ROOT, 'scripts', 'setup-estimate.txt'), 'utf8').trim();

test('the README quotes the estimate and no other minute range', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(`(${estimate})`), `the quick start gives (${estimate})`);
  const ranges = readme.match(/~?\d+\s*-\s*\d+\s*min(utes)?/g) ?? [];
  assert.deepEqual(ranges, [], 'another estimate in the README');
});

test('the docs give no other minute range', () => {
  for (const doc of ['docs/cli.md', 'docs/guest.md', 'docs/target.md']) {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    assert.deepEqual(text.match(/~?\d+\s*-\s*\d+\s*min(utes)?/g) ?? [], [], `${doc} has its own estimate`);
  }
});

test('npm start -- --help gives the same estimate', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.includes(estimate), r.stdout);
});

test('the setup scripts read the estimate from the file, not a copy', () => {
  for (const script of [
    'scripts/setup.sh',
    'scripts/e2e-setup.sh',
    'scripts/guest/build.sh',
    'scripts/start.mjs',
  ]) {
    const text = readFileSync(join(ROOT, script), 'utf8');
    assert.deepEqual(text.match(/~?\d+\s*-\s*\d+\s*min(utes)?/g) ?? [], [], `${script} has its own estimate`);
  }
  const setup = readFileSync(join(ROOT, 'scripts', 'setup.sh'), 'utf8');
  assert.match(setup, /\$KPW_SETUP_ESTIMATE/);
});
