// In a real VS Code: the seed patch (v13 5/7 of the zPCI error series) opened
// as an mbox from the example tree, and fetched as Patchwork JSON through
// "KPW: Open Patch from Patchwork" from a local Patchwork: findings on its + lines.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SEED_PATCH_ID, startPatchworkMock, type PatchworkMock } from './harness/patchwork-mock';
import { screenshot, startSession, type Session } from './harness/session';
import { e2eSkip } from './harness/tools';
import {
  answerInput,
  LONG,
  MEDIUM,
  openFile,
  runCommand,
  setPartVisible,
  showingFailures,
  waitForText,
} from './harness/workbench';

const MBOX = 'patches/v13-5-7-vfio-pci-zdev-zpci-error.mbox';
/** `+	__u8 version;` in the mbox: the new struct's member without a documented policy. */
const VERSION_LINE = 175;

describe('patch review in code-server', { skip: e2eSkip(), timeout: 15 * 60_000 }, () => {
  let s: Session;
  let patchwork: PatchworkMock;
  before(async () => {
    patchwork = await startPatchworkMock();
    s = await startSession({ machineSettings: { 'kpw.patchwork.url': patchwork.url } });
  });
  after(async () => {
    await s?.close();
    await patchwork?.stop();
  });
  const it = (title: string, name: string, body: () => Promise<void>) =>
    test(title, () => showingFailures(() => s?.page, name, body));

  it(
    'the seed patch as an mbox: findings on its + lines, applied onto the workspace tree',
    'patch-mbox',
    async () => {
      await openFile(s.page, MBOX);
      await waitForText(s.page, '.statusbar-item', ['Kernel Patch'], MEDIUM);
      await runCommand(s.page, 'View: Focus Problems');
      const text = await waitForText(
        s.page,
        '.markers-panel',
        ['uapi-version-without-policy', `[Ln ${VERSION_LINE}, Col`],
        LONG,
      );
      assert.match(text, /struct vfio_device_feature_zpci_err: member 'version' has no documented value/);
      assert.match(text, /v13-5-7-vfio-pci-zdev-zpci-error\.mbox/);
      await s.page
        .locator('.markers-panel .monaco-list-row')
        .filter({ hasText: 'uapi-version-without-policy' })
        .first()
        .click();
      await waitForText(s.page, '.statusbar-item', [`Ln ${VERSION_LINE}, Col `], MEDIUM);
      await screenshot(s.page, 'patch-mbox');
    },
  );

  it(
    'the seed patch from Patchwork (its JSON): opened as an mbox with the same findings',
    'patch-patchwork',
    async () => {
      await setPartVisible(s.page, 'panel', false);
      await runCommand(s.page, 'KPW: Open Patch from Patchwork');
      await answerInput(s.page, SEED_PATCH_ID, 'Open Patch from Patchwork');
      await s.page
        .locator(`.tabs-container .tab.active[aria-label^="${SEED_PATCH_ID}.mbox"]`)
        .waitFor({ state: 'visible', timeout: LONG });
      assert.ok(
        patchwork.requests.includes(`/api/patches/${SEED_PATCH_ID}/`),
        `the extension asked the Patchwork API: ${patchwork.requests.join(', ')}`,
      );
      await runCommand(s.page, 'View: Focus Problems');
      const text = await waitForText(
        s.page,
        '.markers-panel',
        [`${SEED_PATCH_ID}.mbox`, 'uapi-version-without-policy'],
        LONG,
      );
      assert.match(text, /member 'version' has no documented value/);
      await s.page
        .locator('.markers-panel .monaco-list-row')
        .filter({ hasText: 'uapi-version-without-policy' })
        .last()
        .click();
      await screenshot(s.page, 'patch-patchwork');
    },
  );
});
