// Runs inside the extension host (code-server's test payload) for
// bench/e2e-activation.ts: times activate() of kpw and of an empty extension,
// then opening vfio.h until kpw's first diagnostics; writes $KPW_BENCH_REPORT.

import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

const KPW = 'kpw.kernel-patch-workbench';
const EMPTY = 'kpw-bench.empty-extension';

async function activateMs(id: string): Promise<number> {
  const ext = vscode.extensions.getExtension(id);
  if (!ext) throw new Error(`${id} is not installed`);
  if (ext.isActive) throw new Error(`${id} was already active: the measurement would be empty`);
  const start = performance.now();
  await ext.activate();
  return performance.now() - start;
}

function firstDiagnostics(uri: vscode.Uri): Promise<void> {
  const ours = () => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'kpw');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no kpw diagnostics within 180 s')), 180_000);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      if (!ours()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

export async function run(): Promise<void> {
  const report = process.env.KPW_BENCH_REPORT;
  if (!report) throw new Error('KPW_BENCH_REPORT is not set');
  try {
    const emptyMs = await activateMs(EMPTY);
    const kpwMs = await activateMs(KPW);
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('no workspace folder');
    const uri = vscode.Uri.joinPath(folder.uri, 'include/uapi/linux/vfio.h');
    const start = performance.now();
    const seen = firstDiagnostics(uri);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await seen;
    writeFileSync(report, JSON.stringify({ emptyMs, kpwMs, diagnosticsMs: performance.now() - start }));
  } catch (err) {
    writeFileSync(report, JSON.stringify({ error: String(err) }));
    throw err;
  }
}
