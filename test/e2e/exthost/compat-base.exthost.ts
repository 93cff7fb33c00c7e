// The compat-* findings through the real git extension: the example workspace is a
// git repository here (HEAD = the tree as shipped), so an unsaved edit of vfio.h is
// compared with HEAD as kpw.compat.baseRef says, and reverting the buffer clears it.
// The client reads the ref with VS Code's git API; the server starts no program.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from './mocha-tdd';

const COMPAT = /^compat-/;

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Resolves when kpw's diagnostics on `uri` satisfy `ready` (event-driven, no polling sleeps). */
function diagnosticsWhen(
  uri: vscode.Uri,
  ready: (ours: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 120_000,
): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'kpw');
  return new Promise((resolve, reject) => {
    if (ready(ours())) return resolve(ours());
    const timer = setTimeout(() => {
      sub.dispose();
      reject(
        new Error(`${what}: not within ${timeoutMs / 1000} s; kpw said ${ours().map(codeOf).join(', ')}`),
      );
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString()) || !ready(ours())) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(ours());
    });
  });
}

suite('compat against HEAD through the git extension', () => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  let doc: vscode.TextDocument;
  suiteSetup(async () => {
    assert.ok(folder, 'a workspace folder is open');
    doc = await vscode.workspace.openTextDocument(
      vscode.Uri.joinPath(folder.uri, 'include/uapi/linux/vfio.h'),
    );
    await vscode.window.showTextDocument(doc);
    await diagnosticsWhen(doc.uri, (d) => d.length > 0, 'first findings on vfio.h');
  });

  test('an unsaved change of a released struct is a compat finding; reverting clears it', async () => {
    assert.ok(
      !vscode.languages.getDiagnostics(doc.uri).some((d) => COMPAT.test(codeOf(d))),
      'the buffer equals HEAD: nothing to compare',
    );
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l, i, all) => /^\t__u32\tnext;/.test(l) && /vfio_info_cap_header/.test(all[i - 3] ?? ''));
    assert.ok(line > 0, 'struct vfio_info_cap_header { ... __u32 next; } is in the example vfio.h');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(line, 1, line, 6), '__u64');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const changed = await diagnosticsWhen(
      doc.uri,
      (d) => d.some((x) => COMPAT.test(codeOf(x))),
      'a compat-* finding for next: __u32 -> __u64',
    );
    const compat = changed.filter((d) => COMPAT.test(codeOf(d)));
    assert.ok(
      compat.some((d) => /vfio_info_cap_header/.test(d.message)),
      compat.map((d) => `${codeOf(d)}: ${d.message}`).join('\n'),
    );
    // Nothing the user wrote is changed without their action: the file on disk is untouched.
    const onDisk = Buffer.from(await vscode.workspace.fs.readFile(doc.uri)).toString('utf8');
    assert.match(onDisk.split('\n')[line], /^\t__u32\tnext;/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await diagnosticsWhen(
      doc.uri,
      (d) => d.length > 0 && !d.some((x) => COMPAT.test(codeOf(x))),
      'no compat-* finding after the revert',
    );
  });
});
