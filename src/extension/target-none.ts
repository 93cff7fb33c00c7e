// "KPW: Run on Target" with no usable target: says where `kpw.targets` lives (a machine
// setting: in a remote window such as code-server, the Remote tab), opens that settings
// scope, and offers the local s390x test guest when setup has built it (kpw target up).

import * as vscode from 'vscode';
import { GUEST_DEVICE, guestPaths, guestUp, readManifest } from '../core/api/target';
import { OPEN_SETTINGS, START_GUEST, type NamedTarget } from './target-model';

/** The settings command for machine-scoped settings in this window: the Remote tab in a remote window. */
export function settingsCommand(remoteName: string | undefined): string {
  return remoteName ? 'workbench.action.openRemoteSettings' : 'workbench.action.openSettings';
}

/** Resolves with the started guest as a target when the user picks it, else undefined. */
export async function noTargetOffer(log: vscode.LogOutputChannel): Promise<NamedTarget | undefined> {
  const built = readManifest(guestPaths('7.3').manifest, '7.3');
  const where = vscode.env.remoteName
    ? `the Remote tab of the settings (${vscode.env.remoteName}): it is a machine setting`
    : 'your user settings';
  const buttons = built.ok ? [START_GUEST, OPEN_SETTINGS] : [OPEN_SETTINGS];
  const guestNote = built.ok
    ? ' The local s390x test guest (Linux 7.3 under QEMU) that setup built can run it now.'
    : ' (`npm run guest:build` builds a local s390x test guest to run on.)';
  const choice = await vscode.window.showInformationMessage(
    `KPW: no target is configured. Add one to \`kpw.targets\` in ${where}.${guestNote}`,
    ...buttons,
  );
  if (choice === OPEN_SETTINGS) {
    await vscode.commands.executeCommand(settingsCommand(vscode.env.remoteName), { query: 'kpw.targets' });
    return undefined;
  }
  if (choice !== START_GUEST) return undefined;
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'KPW: starting the local s390x test guest (about a minute under QEMU)',
    },
    async () => {
      const up = await guestUp({ variant: '7.3', onLog: (l) => log.info(l) });
      if (!up.ok) {
        void vscode.window.showErrorMessage(`KPW: the local test guest did not start: ${up.error}`);
        return undefined;
      }
      log.info(`local test guest up: ssh -F ${up.state.sshConfig} ${up.state.alias}`);
      return {
        name: `local s390x test guest (Linux ${up.state.kernelRelease})`,
        config: { destination: up.state.alias, sshConfig: up.state.sshConfig, device: GUEST_DEVICE },
      };
    },
  );
}
