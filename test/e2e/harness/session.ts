// One end-to-end session: a run folder of its own, the packaged extension
// installed into a fresh code-server, a copy of examples/workspace, and a
// headless chromium page on the workbench. Used by the UI tests, the bench and `npm start`.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startCodeServer, type CodeServer } from './code-server';
import { launchBrowser, type BrowserContext, type Page } from './playwright';
import { REPO_ROOT, requireTools, type Tools } from './tools';
import { packageVsix, type Vsix } from './vsix';
import { openWorkbench } from './workbench';

export const EXAMPLE_WORKSPACE = join(REPO_ROOT, 'examples', 'workspace');
export const SCREENSHOTS = join(REPO_ROOT, 'media', 'screenshots');
/** Where test runs put their screenshots (never the tracked media/screenshots). */
export const SCRATCH_SCREENSHOTS = join(tmpdir(), 'kpw-e2e-screenshots');

export interface Session {
  tools: Tools;
  dir: string;
  vsix: Vsix;
  server: CodeServer;
  browser: BrowserContext;
  page: Page;
  /** The per-run copy of the example workspace. */
  workspace: string;
  /** Messages the page logged as errors (for failure reports). */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Extra user settings (trust). */
  settings?: Record<string, unknown>;
  /** Machine settings: where a remote window (code-server) reads kpw.targets and kpw.patchwork.url. */
  machineSettings?: Record<string, unknown>;
  /** Workspace settings written to .vscode/settings.json of the copy. */
  workspaceSettings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Turns on the workbench's smoke-test driver (extension-host test payloads). */
  smokeTestDriver?: boolean;
  /** Leave the page blank (the caller navigates, e.g. with a test payload). */
  noWorkbench?: boolean;
  /** Make the workspace copy a git repository with one commit (HEAD = the example tree). */
  gitCommit?: boolean;
}

export async function startSession(options: SessionOptions = {}): Promise<Session> {
  const tools = requireTools();
  const dir = mkdtempSync(join(tmpdir(), 'kpw-e2e-'));
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const f of cleanups.reverse()) await Promise.resolve(f()).catch(() => undefined);
    if (!process.env.KPW_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const vsix = packageVsix(tools, join(dir, 'vsix'));
    const workspace = join(dir, 'workspace');
    cpSync(EXAMPLE_WORKSPACE, workspace, { recursive: true });
    if (options.workspaceSettings) {
      mkdirSync(join(workspace, '.vscode'), { recursive: true });
      writeFileSync(
        join(workspace, '.vscode', 'settings.json'),
        JSON.stringify({ 'files.autoSave': 'off', ...options.workspaceSettings }, null, 2),
      );
    }
    if (options.gitCommit) commitWorkspace(workspace);
    const server = await startCodeServer({
      tools,
      dir: join(dir, 'code-server'),
      settings: options.settings ?? {},
      machineSettings: options.machineSettings,
      install: [vsix.file],
      env: options.env,
      smokeTestDriver: options.smokeTestDriver,
    });
    cleanups.push(() => server.stop());
    const browser = await launchBrowser(tools, join(dir, 'chromium'));
    cleanups.push(() => browser.close());
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    if (!options.noWorkbench) await openWorkbench(page, server.url, workspace, 'include');
    return { tools, dir, vsix, server, browser, page, workspace, pageErrors, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Saves a screenshot (the whole 1280x800 viewport, or a clip of it) into a scratch folder, so a
 * test run leaves the checkout clean; `npm run screenshots` sets KPW_E2E_SCREENSHOTS to
 * media/screenshots to update the README's images (a relative path is taken from the repository).
 */
export async function screenshot(
  page: Page,
  name: string,
  clip?: { x: number; y: number; width: number; height: number },
): Promise<string> {
  const dir = resolve(REPO_ROOT, process.env.KPW_E2E_SCREENSHOTS || SCRATCH_SCREENSHOTS);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, ...(clip ? { clip } : {}) });
  return path;
}

/** `git init` + one commit of everything in `dir`, with a fixed identity (no user config needed). */
function commitWorkspace(dir: string): void {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'kpw e2e',
    GIT_AUTHOR_EMAIL: 'e2e@kpw.invalid',
    GIT_COMMITTER_NAME: 'kpw e2e',
    GIT_COMMITTER_EMAIL: 'e2e@kpw.invalid',
  };
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['commit', '-qm', 'example tree'],
  ])
    execFileSync('git', args, { cwd: dir, env, stdio: 'pipe' });
}
