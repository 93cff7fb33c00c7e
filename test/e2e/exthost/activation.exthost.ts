// Extension-host tests: the installed extension activates in a real VS Code,
// registers every command its manifest contributes, and reads the
// machine-scoped settings from where a remote window keeps them.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './mocha-tdd';

export const EXTENSION_ID = 'kpw.kernel-patch-workbench';

suite('activation', () => {
  test('the extension is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('every contributed command is registered', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    const contributed = (
      ext.packageJSON as { contributes: { commands: { command: string }[] } }
    ).contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
    );
  });

  test('settings have their schema defaults', () => {
    const config = vscode.workspace.getConfiguration('kpw');
    assert.equal(config.get('inlayHints.mode'), 'offsets-and-sizes');
    assert.deepEqual(config.get('abis'), ['x86_64', 'i386', 's390x', 'aarch64', 'ppc64le', 'arm', 'riscv64']);
    assert.equal(config.get('target.timeoutSeconds'), 30);
  });
});
