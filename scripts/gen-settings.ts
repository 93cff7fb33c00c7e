// Regenerates what the settings schema (src/core/config/settings.ts) owns:
// package.json's `contributes.configuration` and the README's settings table
// between `<!-- settings:begin -->` and `<!-- settings:end -->` (skipped when
// the README or its markers are absent). Usage: gen-settings.ts [--check]

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contributesConfiguration, replaceSettingsTable } from '../src/core/config/render-settings';

const root = join(__dirname, '..');
const check = process.argv.includes('--check');
const stale: string[] = [];

function update(path: string, next: string): void {
  const current = readFileSync(path, 'utf8');
  if (current === next) return;
  stale.push(path);
  if (!check) writeFileSync(path, next);
}

const pkgPath = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
pkg.contributes = { ...(pkg.contributes ?? {}), configuration: contributesConfiguration() };
update(pkgPath, JSON.stringify(pkg, null, 2) + '\n');

const readmePath = join(root, 'README.md');
if (existsSync(readmePath)) {
  const next = replaceSettingsTable(readFileSync(readmePath, 'utf8'));
  if (next === undefined) console.log('README.md has no settings markers; left alone');
  else update(readmePath, next);
}

if (check && stale.length) {
  console.error(`out of date (run npm run gen:settings): ${stale.join(', ')}`);
  process.exit(1);
}
console.log(stale.length ? `updated: ${stale.join(', ')}` : 'settings views are up to date');
