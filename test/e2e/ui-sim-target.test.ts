// In a real VS Code: the built-in simulator (inject a zPCI error, read
// ZPCI_ERROR: the results view shows rc, errno and the decoded fields) and
// "KPW: Run on Target" against a real sshd on 127.0.0.1 running the s390x probe under qemu-user.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ALIAS, missingTools, startSshd, type TestSshd } from '../integration/target/sshd-harness';
import { screenshot, startSession, type Session } from './harness/session';
import { e2eSkip } from './harness/tools';
import {
  answerInput,
  LONG,
  MEDIUM,
  pickRow,
  runCommand,
  scrollWebviewToTop,
  setPartVisible,
  showingFailures,
  waitForText,
  webviewWithText,
} from './harness/workbench';

const TARGET_NAME = 'local s390x (qemu-user)';
const sshSkip = missingTools();
if (sshSkip && process.env.CI === 'true') throw new Error(`Run on Target needs ${sshSkip} under CI=true`);

describe('simulator and target in code-server', { skip: e2eSkip(), timeout: 15 * 60_000 }, () => {
  let s: Session;
  let sshd: TestSshd | undefined;
  before(async () => {
    if (!sshSkip) sshd = await startSshd();
    // kpw.targets is machine-scoped: in a remote window (code-server) VS Code reads it from the machine settings.
    const targets = sshd
      ? [
          {
            name: TARGET_NAME,
            ssh: ALIAS,
            sshConfig: sshd.clientConfig,
            device: '/dev/null',
            runnerPrefix: ['qemu-s390x-static'],
          },
        ]
      : [];
    s = await startSession({ machineSettings: { 'kpw.targets': targets, 'kpw.target.timeoutSeconds': 120 } });
  });
  after(async () => {
    await s?.close();
    await sshd?.stop();
  });
  const it = (title: string, name: string, body: () => Promise<void>, skip?: string) =>
    test(title, { skip }, () => showingFailures(() => s?.page, name, body));

  it(
    'inject a zPCI error, read ZPCI_ERROR: the results view shows rc, errno and the decoded fields',
    'simulator',
    async () => {
      await runCommand(s.page, 'Explorer: Focus on Simulator View');
      await waitForText(s.page, '.pane', ['zpci0', 'pci1'], LONG);
      await runCommand(s.page, 'KPW: Simulator: Inject zPCI Error');
      await pickRow(s.page, '0x0004 TPROTE');
      await answerInput(s.page, 'faddr=0x1000 q=1 rw=1', 'More CCDF fields');
      await waitForText(s.page, '.notifications-toasts', ['KPW Simulator:'], MEDIUM);
      await waitForText(s.page, '.pane', ['zpci0', '1 pending'], MEDIUM);
      await runCommand(s.page, 'KPW: Simulator: Read ZPCI_ERROR');
      await pickRow(s.page, 'zpci0');
      await waitForText(s.page, '.notifications-toasts', ['1 event read', 'ENOMSG'], MEDIUM);
      await s.page
        .locator('.notifications-toasts .monaco-button')
        .filter({ hasText: 'Show Results' })
        .first()
        .click();
      const { frame, body } = await webviewWithText(s.page, 'ENOMSG', MEDIUM);
      assert.match(body, /rc\s+0/, 'the GET that returned the event: rc 0');
      assert.match(body, /rc\s+-1 \(ENOMSG/, 'the next GET: rc -1, errno ENOMSG');
      assert.match(body, /pec\s+4 \(0x4\)/, 'the decoded PEC');
      assert.match(body, /faddr\s+4096 \(0x1000\)/, 'the decoded failing address');
      // Newest first: the ENOMSG answer on top, the decoded event below it.
      await scrollWebviewToTop(frame);
      await screenshot(s.page, 'simulator');
    },
  );

  it(
    '"KPW: Run on Target" runs the probe over ssh: progress, then the answers',
    'run-on-target',
    async () => {
      await runCommand(s.page, 'Notifications: Clear All Notifications');
      await runCommand(s.page, 'KPW: Run on Target');
      await pickRow(s.page, 'read ZPCI_ERROR until empty');
      await waitForText(s.page, '.notifications-toasts', [`KPW: running on ${TARGET_NAME}`], MEDIUM);
      const done = await waitForText(s.page, '.notifications-toasts', [/KPW: \d+ steps ran on/], LONG);
      assert.match(done, new RegExp(`ran on ${TARGET_NAME.replace(/[()]/g, '\\$&')}`));
      await s.page
        .locator('.tabs-container .tab[aria-label^="Target Results"]')
        .waitFor({ state: 'visible', timeout: MEDIUM });
      // qemu-user has no VFIO: every ioctl of the real probe answers ENOSYS.
      const { body } = await webviewWithText(s.page, 'ENOSYS', MEDIUM);
      assert.match(body, /rc\s+-1 \(ENOSYS/);
      // The message counts the answers the view shows (the read loop ends at the first failed GET).
      const shown = body.match(/#\d+ target: /g)?.length ?? 0;
      assert.equal(
        Number(/KPW: (\d+) steps ran on/.exec(done)?.[1]),
        shown,
        `${done} / ${shown} answers shown`,
      );
      await setPartVisible(s.page, 'panel', false);
      await screenshot(s.page, 'run-on-target');
    },
    sshSkip,
  );
});
