// A newcomer's first hour in a real VS Code (code-server + chromium), issue 13: "KPW: Show
// Struct Layout" as the first command of a fresh window shows its byte map (no race with the
// webview's script); "KPW: Run on Target" with no target opens the settings scope where
// kpw.targets lives (the Remote tab here) and offers the local test guest when it is built; a
// scenario file in a workspace of its own is validated by the schema the extension ships.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { guestDown, guestStatus } from '../../src/core/runner/guest/lifecycle';
import { guestPaths } from '../../src/core/runner/guest/paths';
import { readManifest } from '../../src/core/runner/guest/manifest';
import { START_GUEST } from '../../src/extension/target-model';
import { startSession, type Session } from './harness/session';
import { e2eSkip } from './harness/tools';
import {
  goToLine,
  LONG,
  MEDIUM,
  openFile,
  openWorkbench,
  pickRow,
  runCommand,
  showingFailures,
  waitForText,
  webviewWithText,
} from './harness/workbench';

declare const document: {
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null; className: string }>;
};

const VFIO = 'include/uapi/linux/vfio.h';
const MIGRATION_LINE = 1595;

describe('a newcomer in code-server', { skip: e2eSkip(), timeout: 15 * 60_000 }, () => {
  let s: Session;
  let scratch: string;
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'kpw-e2e-first-hour-'));
    // No targets at all: the machine settings (where a remote window reads kpw.targets) are empty.
    s = await startSession();
  });
  after(async () => {
    await s?.close();
    rmSync(scratch, { recursive: true, force: true });
  });
  const it = (title: string, name: string, body: () => Promise<void>) =>
    test(title, () => showingFailures(() => s?.page, name, body));

  it(
    '"KPW: Show Struct Layout" as the first command of a fresh window shows the byte map',
    'layout-first',
    async () => {
      await openFile(s.page, VFIO);
      await goToLine(s.page, MIGRATION_LINE, 12);
      await runCommand(s.page, 'KPW: Show Struct Layout');
      const { body } = await webviewWithText(s.page, 'pgsize_bitmap', MEDIUM);
      assert.ok(!body.includes('Waiting for a layout'), body.slice(0, 200));
      for (const abi of ['x86_64', 'i386', 's390x'])
        assert.ok(body.includes(abi), `the byte map names ${abi}`);
    },
  );

  it(
    '"KPW: Run on Target" with no target opens the Remote settings and offers the built guest',
    'no-target',
    async () => {
      const guestBuilt = readManifest(guestPaths('7.3').manifest, '7.3').ok;
      await runCommand(s.page, 'Notifications: Clear All Notifications');
      await runCommand(s.page, 'KPW: Run on Target');
      const toast = await waitForText(
        s.page,
        '.notifications-toasts',
        ['no target is configured', 'Remote tab'],
        MEDIUM,
      );
      const buttons = await s.page
        .locator('.notifications-toasts .notification-list-item .monaco-button')
        .allInnerTexts();
      assert.ok(buttons.includes('Open Settings'), `${toast} / buttons: ${buttons.join(', ')}`);
      assert.equal(
        buttons.includes(START_GUEST),
        guestBuilt,
        `the guest offer is shown exactly when the guest is built (${guestBuilt}): ${buttons.join(', ')}`,
      );
      await s.page
        .locator('.notifications-toasts .monaco-button')
        .filter({ hasText: 'Open Settings' })
        .first()
        .click();
      const editor = await waitForText(s.page, '.settings-editor', [/Targets/], LONG);
      assert.ok(!editor.includes('No Settings Found'), editor.slice(0, 300));
      const activeTab = await s.page.evaluate(() =>
        Array.from(document.querySelectorAll('.settings-tabs-widget .action-label'))
          .filter((e) => e.className.includes('checked'))
          .map((e) => e.textContent ?? '')
          .join(' '),
      );
      assert.match(activeTab, /Remote/, `the settings tab that opened: '${activeTab}'`);
    },
  );

  // Boots the real guest (QEMU) and runs the built-in scenario on it; stops it again when it
  // was not running before (kpw target down's rule: only the QEMU this cache started).
  const guestBuilt = readManifest(guestPaths('7.3').manifest, '7.3').ok;
  test(
    '"Start the local test guest and run there" boots the guest and shows its answers',
    { skip: guestBuilt ? undefined : 'the local s390x test guest is not built (npm run guest:build)' },
    async () => {
      const wasRunning = (await guestStatus('7.3')).running;
      try {
        await showingFailures(
          () => s?.page,
          'no-target-guest',
          async () => {
            // The settings the previous test opened come up as a dialog over the workbench: close it.
            for (let i = 0; i < 4 && (await s.page.locator('.settings-editor').first().isVisible()); i++) {
              await s.page.keyboard.press('Escape');
              await s.page
                .locator('.settings-editor')
                .first()
                .waitFor({ state: 'hidden', timeout: 2000 })
                .catch(() => undefined);
            }
            await runCommand(s.page, 'Notifications: Clear All Notifications');
            await runCommand(s.page, 'KPW: Run on Target');
            await s.page
              .locator('.notifications-toasts .monaco-button')
              .filter({ hasText: START_GUEST })
              .first()
              .click();
            await pickRow(s.page, 'read ZPCI_ERROR until empty');
            const done = await waitForText(
              s.page,
              '.notifications-toasts',
              [/KPW: \d+ steps ran on local s390x test guest/],
              5 * 60_000,
            );
            assert.match(done, /Linux 7\.3/);
            const { body } = await webviewWithText(s.page, /#\d+ target: /, MEDIUM);
            assert.match(body, /rc\s+/);
          },
        );
      } finally {
        if (!wasRunning) await guestDown('7.3');
      }
    },
  );

  it(
    'a scenario file in a workspace of its own is validated by the shipped schema',
    'scenario-schema',
    async () => {
      const folder = join(scratch, 'own-workspace');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'probe.kpw-scenario.json'), '{\n  "bogusKey": 1,\n  "steps": []\n}\n');
      await openWorkbench(s.page, s.server.url, folder, 'probe.kpw-scenario.json');
      await openFile(s.page, 'probe.kpw-scenario.json');
      await runCommand(s.page, 'View: Focus Problems');
      const problems = await waitForText(s.page, '.markers-panel', ['bogusKey'], LONG);
      assert.match(problems, /Property bogusKey is not allowed/);
      assert.doesNotMatch(problems, /Unable to load schema/);
    },
  );
});
