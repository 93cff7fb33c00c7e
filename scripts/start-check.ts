// `npm start -- --check`: proves a machine's setup works without a person at the browser.
// Starts the demo's code-server on a scratch copy of the example tree, loads the workbench
// in headless chromium, opens include/uapi/linux/vfio.h and waits for kpw's findings in the
// Problems panel (the extension activated and its language server answered); then stops.

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer, type CodeServer } from '../test/e2e/harness/code-server';
import { launchBrowser, type BrowserContext, type Page } from '../test/e2e/harness/playwright';
import { REPO_ROOT, type Tools } from '../test/e2e/harness/tools';
import { openFile, openWorkbench, runCommand, waitForText } from '../test/e2e/harness/workbench';

export const CHECK_FILE = 'include/uapi/linux/vfio.h';

export interface CheckOptions {
  tools: Tools;
  vsix: string;
  settings: Record<string, unknown>;
  log: (line: string) => void;
}

/** Runs the check; resolves with the findings line it saw, rejects naming the phase that failed. */
export async function checkDemo(o: CheckOptions): Promise<string> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'kpw-start-check-'));
  let phase = 'starting';
  const at = (next: string) => {
    phase = next;
    o.log(`check: ${next} (${Math.round((Date.now() - started) / 1000)} s)`);
  };
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  let page: Page | undefined;
  const offHost: string[] = [];
  try {
    const workspace = join(dir, 'workspace');
    cpSync(join(REPO_ROOT, 'examples', 'workspace'), workspace, { recursive: true });
    at('starting code-server with the packaged extension');
    server = await startCodeServer({
      tools: o.tools,
      dir: join(dir, 'code-server'),
      settings: o.settings,
      install: [o.vsix],
    });
    at(`loading the workbench in headless chromium (${server.url})`);
    browser = await launchBrowser(o.tools, join(dir, 'chromium'));
    page = await browser.newPage();
    page.on('request', (r) => {
      const url = r.url();
      if (/^(https?|wss?):/.test(url) && !url.startsWith(server!.url) && !url.includes('//127.0.0.1:'))
        offHost.push(url);
    });
    await openWorkbench(page, server.url, workspace, 'include');
    at(`opening ${CHECK_FILE} and waiting for kpw's findings (the extension activates, its server checks)`);
    await openFile(page, CHECK_FILE);
    await runCommand(page, 'View: Focus Problems');
    const text = await waitForText(page, '.markers-panel', ['vfio.h', /uapi-[a-z0-9-]+/]);
    const codes = [...new Set(text.match(/uapi-[a-z0-9-]+/g) ?? [])];
    if (offHost.length)
      throw new Error(
        `the workbench reached off this machine (the demo is offline): ${offHost.slice(0, 3).join(', ')}`,
      );
    return `kpw findings on ${CHECK_FILE}: ${codes.join(', ')}`;
  } catch (err) {
    let where = '';
    if (page) {
      const shot = join(tmpdir(), `kpw-start-check-${Date.now()}.png`);
      await page.screenshot({ path: shot }).catch(() => undefined);
      where = `\n  the page at the failure: ${shot}`;
    }
    const serverLog = server
      ? `\n  code-server said (last lines):\n${server.log().split('\n').slice(-15).join('\n')}`
      : '';
    throw new Error(
      `failed while ${phase}: ${err instanceof Error ? err.message : String(err)}${where}${serverLog}`,
    );
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
