// In a real VS Code (code-server + chromium): a UAPI header of the example
// kernel tree shows its findings in the Problems panel, a struct's hover shows
// its layout per ABI, inlay hints show offsets, "KPW: Show Struct Layout" opens the byte map.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { screenshot, startSession, type Session } from './harness/session';
import { e2eSkip } from './harness/tools';
import {
  goToLine,
  LONG,
  MEDIUM,
  openFile,
  runCommand,
  scrollHoverTo,
  setPartVisible,
  showingFailures,
  unionBox,
  waitForText,
  webviewWithText,
} from './harness/workbench';

const VFIO = 'include/uapi/linux/vfio.h';
/** `struct vfio_iommu_type1_info_cap_migration {` in the example tree's vfio.h (Debian's 7.2.13). */
const MIGRATION_LINE = 1595;

describe('UAPI header in code-server', { skip: e2eSkip(), timeout: 15 * 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await startSession();
    await openFile(s.page, VFIO);
  });
  after(async () => {
    await s?.close();
  });
  /** A test whose failure saves a screenshot of the page. */
  const it = (title: string, name: string, body: () => Promise<void>) =>
    test(title, () => showingFailures(() => s?.page, name, body));

  it('the Problems panel lists the UAPI findings of vfio.h with their codes', 'problems', async () => {
    // The status bar's problem counts change from 0 once the language server has checked the file.
    await waitForText(s.page, '.statusbar-item', [/\b[1-9]\d*\b/], LONG);
    await runCommand(s.page, 'View: Focus Problems');
    const text = await waitForText(
      s.page,
      '.markers-panel',
      ['uapi-implicit-hole', 'uapi-abi-divergent-layout', 'vfio_iommu_type1_info_cap_migration'],
      LONG,
    );
    assert.match(text, /4-byte hole at offset 12/);
    assert.match(text, /vfio\.h/);
    // Going to a finding from the panel shows its squiggle in the editor, as a user would see it.
    await s.page
      .locator('.markers-panel .monaco-list-row')
      .filter({ hasText: 'uapi-implicit-hole' })
      .first()
      .click();
    await s.page.keyboard.press('Enter');
    await waitForText(s.page, '.statusbar-item', [`Ln ${MIGRATION_LINE + 2}, Col `], MEDIUM);
    await screenshot(s.page, 'problems');
  });

  it('hovering a struct shows its layout per ABI; inlay hints show member offsets', 'hover', async () => {
    await setPartVisible(s.page, 'panel', false);
    await goToLine(s.page, MIGRATION_LINE, 12);
    await runCommand(s.page, 'Show or Focus Hover');
    const hover = await waitForText(
      s.page,
      '.monaco-hover',
      [
        'struct vfio_iommu_type1_info_cap_migration',
        'layout differs between ABIs',
        'x86_64',
        'i386',
        's390x',
      ],
      MEDIUM,
    );
    assert.match(hover, /i386\s+28\s+4/, 'i386 row: size 28, align 4');
    assert.match(
      hover,
      /x86_64, s390x, aarch64, ppc64le, arm, riscv64\s+32\s+8/,
      'the 64-bit row: size 32, align 8',
    );
    // Inlay hints (x86_64, offsets and sizes) after the members: pgsize_bitmap at 16, 8 bytes.
    const lines = await waitForText(
      s.page,
      '.editor-instance .view-lines',
      ['pgsize_bitmap;/* 16 8 ≠ i386: 12 8 */'],
      MEDIUM,
    );
    assert.match(lines, /hole/);
    await scrollHoverTo(s.page, 'layout differs between ABIs');
    const clip = await unionBox(s.page, ['.monaco-hover', '.editor-instance .view-lines']);
    await screenshot(s.page, 'hover-layout', clip);
  });

  it(
    '"KPW: Show Struct Layout" opens the byte map of the struct under the cursor',
    'struct-layout',
    async () => {
      await s.page.keyboard.press('Escape');
      await setPartVisible(s.page, 'sidebar', false);
      await goToLine(s.page, MIGRATION_LINE, 12);
      await runCommand(s.page, 'KPW: Show Struct Layout');
      await s.page
        .locator('.tabs-container .tab[aria-label*="Layout: struct vfio_iommu_type1_info_cap_migration"]')
        .waitFor({ state: 'visible', timeout: MEDIUM });
      const { body } = await webviewWithText(s.page, 'pgsize_bitmap', MEDIUM);
      for (const abi of ['x86_64', 'i386', 's390x'])
        assert.ok(body.includes(abi), `the byte map names ${abi}`);
      assert.match(body, /hole|pad/i);
      await screenshot(s.page, 'struct-layout');
      await setPartVisible(s.page, 'sidebar', true);
    },
  );
});
