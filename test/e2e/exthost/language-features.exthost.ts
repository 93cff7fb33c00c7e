// Extension-host tests through the real vscode API: diagnostics, hover,
// inlay hints and the kernel-patch language on the example workspace
// (include/uapi/linux/vfio.h and the seed patch), as VS Code's own commands return them.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from './mocha-tdd';

function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open (the example workspace)');
  return vscode.Uri.joinPath(folder.uri, rel);
}

/** Resolves when the document has diagnostics from kpw (event-driven, no polling sleeps). */
function kpwDiagnostics(uri: vscode.Uri, timeoutMs = 120_000): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'kpw');
  return new Promise((resolve, reject) => {
    if (ours().length) return resolve(ours());
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no kpw diagnostics for ${uri.fsPath} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString()) || !ours().length) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(ours());
    });
  });
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

suite('vfio.h in the example tree', () => {
  const vfio = workspaceFile('include/uapi/linux/vfio.h');
  let doc: vscode.TextDocument;
  let line: number;
  suiteSetup(async () => {
    doc = await vscode.workspace.openTextDocument(vfio);
    await vscode.window.showTextDocument(doc);
    line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('struct vfio_iommu_type1_info_cap_migration {'));
    assert.ok(line > 0, 'the migration capability struct is in the header');
  });

  test('UAPI findings arrive with their codes', async () => {
    const codes = new Set((await kpwDiagnostics(vfio)).map(codeOf));
    for (const code of ['uapi-implicit-hole', 'uapi-abi-divergent-layout', 'uapi-trailing-padding'])
      assert.ok(codes.has(code), `${code} in ${[...codes].join(', ')}`);
  });

  test('the hover on a struct name shows its size per ABI', async () => {
    const at = new vscode.Position(line, 'struct '.length + 2);
    const text = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', vfio, at),
    );
    assert.match(text, /layout differs between ABIs/);
    assert.match(text, /\| i386 \| \*\*28\*\* \| \*\*4\*\* \|/);
  });

  test('inlay hints give each member its x86_64 offset and size', async () => {
    const range = new vscode.Range(line, 0, line + 6, 0);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
      'vscode.executeInlayHintProvider',
      vfio,
      range,
    );
    const labels = hints.map((h) =>
      typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''),
    );
    assert.ok(
      labels.some((l) => l.includes('16 8')),
      `pgsize_bitmap at 16, 8 bytes: ${labels.join(' | ')}`,
    );
  });
});

suite('the seed patch', () => {
  test('an .mbox opens as kernel-patch and gets findings on its + lines', async () => {
    const uri = workspaceFile('patches/v13-5-7-vfio-pci-zdev-zpci-error.mbox');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'kernel-patch');
    await vscode.window.showTextDocument(doc);
    const found = await kpwDiagnostics(uri);
    const policy = found.find((d) => codeOf(d) === 'uapi-version-without-policy');
    assert.ok(policy, found.map(codeOf).join(', '));
    assert.match(doc.lineAt(policy.range.start.line).text, /^\+\s*__u8 version;/);
  });
});
