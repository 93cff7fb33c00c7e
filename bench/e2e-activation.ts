// Bench rows from a real VS Code (code-server, headless chromium): kpw's
// activate() against an empty extension's in the same extension host, vfio.h
// open-to-first-diagnostics against the CLI checking the same file, and the
// .vsix size against the bytes it packs. Standalone: node --import tsx bench/e2e-activation.ts

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer } from '../test/e2e/harness/code-server';
import { bundleForExtensionHost } from '../test/e2e/exthost/build';
import { launchBrowser } from '../test/e2e/harness/playwright';
import { EXAMPLE_WORKSPACE } from '../test/e2e/harness/session';
import { findTools, type Tools } from '../test/e2e/harness/tools';
import { packageVsix, vsixFiles } from '../test/e2e/harness/vsix';

export interface E2eRow {
  name: string;
  ours: number;
  peer?: number;
  peerName?: string;
  unit: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A do-nothing extension: the peer for activate(). */
function writeEmptyExtension(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'empty-extension',
    publisher: 'kpw-bench',
    version: '0.0.1',
    engines: { vscode: '^1.91.0' },
    main: './extension.js',
    activationEvents: [],
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'extension.js'), 'exports.activate = () => {};\nexports.deactivate = () => {};\n');
}

interface Sample {
  emptyMs: number;
  kpwMs: number;
  diagnosticsMs: number;
}

/** One fresh code-server: the host entry times both activations and the first diagnostics. */
async function sample(tools: Tools, dir: string, vsixFile: string, hostEntry: string): Promise<Sample> {
  const empty = join(dir, 'empty-extension');
  writeEmptyExtension(empty);
  // No scenario file: nothing activates kpw before the measurement does.
  const workspace = join(dir, 'workspace');
  cpSync(EXAMPLE_WORKSPACE, workspace, { recursive: true, filter: (src) => !src.includes('scenario') });
  const report = join(dir, 'report.json');
  const server = await startCodeServer({
    tools,
    dir: join(dir, 'code-server'),
    settings: {},
    install: [vsixFile],
    smokeTestDriver: true,
    env: { KPW_BENCH_REPORT: report },
  });
  const browser = await launchBrowser(tools, join(dir, 'chromium'));
  try {
    const page = await browser.newPage();
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(empty)],
      ['extensionTestsPath', remote(hostEntry)],
    ];
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    await page.goto(
      `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
      { waitUntil: 'domcontentloaded', timeout: 180_000 },
    );
    const code = await exited;
    const result = JSON.parse(readFileSync(report, 'utf8')) as Sample & { error?: string };
    if (code !== 0 || result.error)
      throw new Error(`the host measurement failed (exit ${code}): ${result.error ?? ''}`);
    return result;
  } finally {
    await browser.close();
    await server.stop();
  }
}

function cliCheckMs(cli: string, file: string): number {
  const start = performance.now();
  spawnSync(process.execPath, [cli, 'check', file], { stdio: 'ignore' });
  return performance.now() - start;
}

export async function e2eActivation(
  rows: E2eRow[],
  runs = Number(process.env.KPW_BENCH_E2E_RUNS ?? 3),
): Promise<void> {
  const tools = findTools();
  if ('missing' in tools) {
    console.log(`e2e activation: skipped (missing ${tools.missing})`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'kpw-bench-e2e-'));
  try {
    const vsix = packageVsix(tools, join(dir, 'vsix'));
    const hostEntry = join(dir, 'host', 'e2e-activation-host.js');
    await bundleForExtensionHost([join(__dirname, 'e2e-activation-host.ts')], join(dir, 'host'));
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++)
      samples.push(await sample(tools, join(dir, `run-${i}`), vsix.file, hostEntry));
    const vfio = join(EXAMPLE_WORKSPACE, 'include', 'uapi', 'linux', 'vfio.h');
    // The CLI of the same build as the .vsix.
    const cli = median([0, 1, 2].map(() => cliCheckMs(join(vsix.stage, 'dist', 'cli.js'), vfio)));
    rows.push({
      name: `extension activate() in code-server (median of ${runs})`,
      ours: median(samples.map((s) => s.kpwMs)),
      peer: median(samples.map((s) => s.emptyMs)),
      peerName: 'an empty extension, same host',
      unit: 'ms',
    });
    rows.push({
      name: 'vfio.h opened to first diagnostics in code-server (wall)',
      ours: median(samples.map((s) => s.diagnosticsMs)),
      peer: cli,
      peerName: 'kpw check vfio.h (CLI process, wall)',
      unit: 'ms',
    });
    // What the .vsix packs, uncompressed: its entries read back from the staged extension.
    const packed = vsixFiles(vsix.file)
      .filter((f) => f.startsWith('extension/'))
      .map((f) => join(vsix.stage, f.slice('extension/'.length)))
      .reduce((sum, f) => sum + (statSafe(f) ?? 0), 0);
    rows.push({
      name: '.vsix size',
      ours: vsix.bytes / 1024,
      peer: packed / 1024,
      peerName: 'the files it packs, uncompressed',
      unit: 'KiB',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function statSafe(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined; // vsce renames a few files (readme.md, LICENSE.txt)
  }
}

if (require.main === module) {
  void (async () => {
    const rows: E2eRow[] = [];
    await e2eActivation(rows);
    console.log('\n| measurement | kpw | peer | peer time | ratio (kpw / peer) |');
    console.log('|---|---|---|---|---|');
    for (const r of rows)
      console.log(
        `| ${r.name} | ${r.ours.toFixed(2)} ${r.unit} | ${r.peerName ?? '-'} | ${r.peer !== undefined ? `${r.peer.toFixed(2)} ${r.unit}` : 'n/a'} | ${r.peer ? (r.ours / r.peer).toFixed(3) : 'n/a'} |`,
      );
  })();
}
