// In a real VS Code: a workspace the user has not trusted (Restricted Mode)
// keeps the layout features, but "KPW: Run on Target" refuses to run ssh and
// says why, even with a target configured in the machine settings.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { screenshot, startSession, type Session } from './harness/session';
import { e2eSkip } from './harness/tools';
import { expandToast, MEDIUM, runCommand, showingFailures, waitForText } from './harness/workbench';

describe('untrusted workspace in code-server', { skip: e2eSkip(), timeout: 15 * 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await startSession({
      // Trust on, no startup prompt: the folder opens in Restricted Mode.
      settings: {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'always',
      },
      // A target that would be reachable: only the trust check may stop the run.
      machineSettings: { 'kpw.targets': [{ name: 'lab s390x', ssh: 'lab-s390x' }] },
    });
  });
  after(async () => {
    await s?.close();
  });

  test('"KPW: Run on Target" is refused with an explanation', () =>
    showingFailures(
      () => s?.page,
      'untrusted',
      async () => {
        await waitForText(s.page, '.statusbar-item', ['Restricted Mode'], MEDIUM);
        await runCommand(s.page, 'KPW: Run on Target');
        const toast = await waitForText(
          s.page,
          '.notifications-toasts',
          ['Run on Target is off in untrusted workspaces'],
          MEDIUM,
        );
        assert.match(toast, /runs ssh and a probe on a remote machine/);
        assert.match(toast, /Trust the workspace to use it/);
        await expandToast(s.page, 'Run on Target is off');
        await screenshot(s.page, 'untrusted');
      },
    ));
});
