#!/usr/bin/env node
// Runs the test suites with Node's built-in test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [suite...]   suites are folders under test/
// (unit, cli, server, extension, integration, differential, ...); no argument runs them all.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
// Before setup: "run npm run setup first" instead of a missing tsx.
import './check-setup.mjs';

const root = new URL('..', import.meta.url).pathname;
const suites = process.argv.slice(2);
const selected = suites.length
  ? suites
  : [
      'unit',
      'cli',
      'b4',
      'server',
      'extension',
      'integration',
      'differential',
      'fuzz',
      'security',
      'soak',
      'guest',
      'e2e',
    ];

function findTests(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'fixtures' || name === '.work' || name === 'node_modules') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(findTests(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const files = selected.flatMap((s) => findTests(join(root, 'test', s))).sort();
if (files.length === 0) {
  console.error(`no test files found for: ${selected.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(result.status ?? 1);
