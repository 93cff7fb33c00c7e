// Runs the extension-host tests (test/e2e/exthost/*.exthost.ts, mocha, the real
// vscode API) inside code-server: the workbench's test payload names the
// installed extension and the bundled tests; the exit code comes back through
// window.codeAutomationExit, which the smoke-test driver calls.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildExthostTests } from './exthost/build';
import { startSession, type Session } from './harness/session';
import { e2eSkip, requireTools } from './harness/tools';

const EXTENSION_ID = 'kpw.kernel-patch-workbench';

describe('extension-host tests in code-server', { skip: e2eSkip(), timeout: 15 * 60_000 }, () => {
  let s: Session;
  let report = '';
  before(async () => {
    report = join(process.env.TMPDIR ?? '/tmp', `kpw-exthost-${process.pid}-${Date.now()}.json`);
    s = await startSession({
      smokeTestDriver: true,
      noWorkbench: true,
      // A git repository, so kpw.compat.baseRef (HEAD) is read through VS Code's git extension.
      gitCommit: true,
      env: { KPW_EXTHOST_REPORT: report, KPW_MOCHA_PATH: requireTools().mocha },
    });
  });
  after(async () => {
    await s?.close();
    rmSync(report, { force: true });
  });

  test('mocha inside the extension host passes', async () => {
    const tests = await buildExthostTests(join(s.dir, 'exthost-out'));
    const installed = readdirSync(s.server.extensionsDir).find((d) => d.startsWith(`${EXTENSION_ID}-`));
    assert.ok(installed, `the .vsix is installed in ${s.server.extensionsDir}`);
    const remote = (path: string) => `vscode-remote://127.0.0.1:${s.server.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(join(s.server.extensionsDir, installed))],
      ['extensionTestsPath', remote(tests)],
    ];
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await s.page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    await s.page.goto(
      `${s.server.url}/?folder=${encodeURIComponent(s.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
      { waitUntil: 'domcontentloaded', timeout: 180_000 },
    );
    const code = await exited;
    const result = existsSync(report)
      ? (JSON.parse(readFileSync(report, 'utf8')) as {
          passed: string[];
          failed: { title: string; error: string }[];
        })
      : undefined;
    assert.ok(
      result,
      `the extension host wrote no report (exit code ${code}); code-server said:\n${s.server.log().slice(-4000)}`,
    );
    for (const t of result.passed) console.log(`  in host: ✔ ${t}`);
    assert.deepEqual(result.failed, [], 'extension-host failures');
    assert.ok(result.passed.length >= 7, `all extension-host tests ran: ${result.passed.length}`);
    assert.equal(code, 0);
  });
});
