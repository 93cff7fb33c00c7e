// Bench rows for the editor: kpw's language server and clangd, each a real process
// over stdio driven by the same LSP script (lsp-client.ts), interleaved A B A B:
// start -> initialize reply, open -> first diagnostics, a one-character edit -> diagnostics,
// hover, RSS (bare, after the edits, and once quiet), and a hover's wait while a 1 MB
// one-line header builds (build-wait.ts).
// KPW_SERVER picks the server bundle to measure (default dist/server.js).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp-client';
import { stat } from './measure';
import { progressRows, type PeerRow } from './cli-peers';
import { SERVER_NODE_FLAGS } from '../src/extension/server-flags';
import { buildWaitRows } from './build-wait';
import { buildSnapshotSync, serverSnapshotArgs, snapshotPath, verifiedBlob } from '../src/launch/snapshot';

const VFIO = '/usr/include/linux/vfio.h';
const URI = pathToFileURL(VFIO).href;
const RUNS = Number(process.env.KPW_BENCH_RUNS ?? 7);

/** The Node flags the extension starts the server with, or KPW_SERVER_NODE_FLAGS instead. */
function nodeFlags(): string[] {
  const flags = process.env.KPW_SERVER_NODE_FLAGS;
  return flags === undefined ? [...SERVER_NODE_FLAGS] : flags.split(' ').filter(Boolean);
}

/** With KPW_SNAPSHOT=1, the server's startup snapshot, built before the rows (the editor builds it
 *  in the background after its first start; the rows measure the starts after that one, as with
 *  the code cache). */
function prepareSnapshot(distDir: string): void {
  if (process.env.KPW_SNAPSHOT !== '1') return;
  const blob = snapshotPath(distDir, nodeFlags());
  if (verifiedBlob(blob)) return;
  const built = buildSnapshotSync(distDir, blob, nodeFlags());
  if (!built.ok) console.error(`kpw: the server's startup snapshot did not build: ${built.reason}`);
}

interface Side {
  name: string;
  start: () => LspClient;
}

function sides(): Side[] | undefined {
  if (spawnSync('clangd', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  const server = resolve(process.env.KPW_SERVER ?? 'dist/server.js');
  prepareSnapshot(dirname(server));
  return [
    {
      name: 'kpw',
      // As the extension starts it: with KPW_SNAPSHOT=1 from the startup snapshot when its blob
      // checks out (the check is inside the timed start, as the editor pays it).
      start: () =>
        new LspClient('node', [
          ...nodeFlags(),
          ...serverSnapshotArgs(dirname(server), nodeFlags()),
          server,
          '--stdio',
        ]),
    },
    { name: 'clangd', start: () => new LspClient('clangd', ['--log=error', '--background-index=false']) },
  ];
}

const isVfio = (version?: number) => (p: unknown) => {
  const params = p as { uri: string; version?: number };
  return params.uri === URI && (version === undefined || params.version === version);
};

async function started(side: Side): Promise<LspClient> {
  const client = side.start();
  await client.initialize(pathToFileURL('/usr/include').href);
  return client;
}

/** Wall ms from didOpen to the first diagnostics, and the server's CPU ms meanwhile. */
async function openOnce(client: LspClient, text: string): Promise<{ wall: number; cpu: number }> {
  const cpu0 = client.cpuMs();
  const t0 = performance.now();
  const published = withTimeout(client.next('textDocument/publishDiagnostics', isVfio()), 60_000);
  client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'c', version: 1, text } });
  if (!(await published)) throw new Error('no diagnostics after didOpen within 60 s');
  return { wall: performance.now() - t0, cpu: client.cpuMs() - cpu0 };
}

/** The promise's value, or undefined after `ms`. */
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The position of the first character of `needle`'s line-th occurrence. */
function positionOf(text: string, needle: string): { line: number; character: number } {
  const at = text.indexOf(needle);
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export async function editorPeerRows(): Promise<PeerRow[]> {
  const pair = sides();
  if (!pair) {
    console.log('editor peers: skipped (clangd not installed)');
    return [];
  }
  const text = readFileSync(VFIO, 'utf8');
  const figures = () => ({ wall: [] as number[], cpu: [] as number[], rss: [] as number[] });
  type Figures = ReturnType<typeof figures>;
  const open: Record<string, Figures> = { kpw: figures(), clangd: figures() };
  const init: Record<string, Figures> = { kpw: figures(), clangd: figures() };
  for (let i = 0; i < RUNS; i++) {
    for (const side of pair) {
      const t0 = performance.now();
      const client = await started(side);
      init[side.name].wall.push(performance.now() - t0);
      init[side.name].cpu.push(client.cpuMs());
      init[side.name].rss.push(client.rssMb());
      try {
        const r = await openOnce(client, text);
        open[side.name].wall.push(r.wall);
        open[side.name].cpu.push(r.cpu);
      } finally {
        await client.stop();
      }
    }
  }
  const rows = progressRows();
  const row = (
    name: string,
    figure: 'wall' | 'cpu' | 'rss',
    ours: number[],
    peer: number[],
    unit: string,
    goal?: number,
  ) => rows.push({ name, figure, ours: stat(ours), peer: stat(peer), peerName: 'clangd 14', unit, goal });
  // Start-up is reported next to the open, so no work can hide in either.
  row('LSP server start -> initialize reply (wall)', 'wall', init.kpw.wall, init.clangd.wall, 'ms');
  row('LSP server start -> initialize reply (server CPU)', 'cpu', init.kpw.cpu, init.clangd.cpu, 'ms');
  row('server RSS after initialize, no document', 'rss', init.kpw.rss, init.clangd.rss, 'MB');
  row('LSP open vfio.h -> first diagnostics (wall)', 'wall', open.kpw.wall, open.clangd.wall, 'ms', 1);
  row('LSP open vfio.h -> first diagnostics (server CPU)', 'cpu', open.kpw.cpu, open.clangd.cpu, 'ms');

  // One long-lived server each: edits, hovers, then RSS.
  const clients = await Promise.all(pair.map(started));
  await Promise.all(clients.map((c) => openOnce(c, text)));
  // Each edit changes the diagnostics (clangd publishes only when they change): one character of a
  // member name becomes '@' (a syntax error for both), then is put back.
  const at = text.indexOf('max_dirty_bitmap_size') + 4;
  const position = positionOf(text.slice(0, at) + '\u0000', '\u0000');
  const range = { start: position, end: { ...position, character: position.character + 1 } };
  const edits: Record<string, number[]> = { kpw: [], clangd: [] };
  const editCpu: Record<string, number[]> = { kpw: [], clangd: [] };
  for (let v = 2; v < 2 + 4 * RUNS; v++) {
    for (const [k, client] of clients.entries()) {
      const cpu0 = client.cpuMs();
      const t0 = performance.now();
      const published = withTimeout(client.next('textDocument/publishDiagnostics', isVfio(v)), 20_000);
      client.notify('textDocument/didChange', {
        textDocument: { uri: URI, version: v },
        contentChanges: [{ range, text: v % 2 ? text[at] : '@' }],
      });
      if (!(await published)) throw new Error(`${pair[k].name}: no diagnostics for version ${v} within 20 s`);
      edits[pair[k].name].push(performance.now() - t0);
      editCpu[pair[k].name].push(client.cpuMs() - cpu0);
    }
  }
  row('LSP 1-char edit -> diagnostics (wall)', 'wall', edits.kpw, edits.clangd, 'ms', 1);
  row('LSP 1-char edit -> diagnostics (server CPU)', 'cpu', editCpu.kpw, editCpu.clangd, 'ms');

  const hoverAt = positionOf(text, 'vfio_iommu_type1_info_cap_migration {');
  const hovers: Record<string, number[]> = { kpw: [], clangd: [] };
  for (let i = 0; i < 3 * RUNS; i++) {
    for (const [k, client] of clients.entries()) {
      const t0 = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri: URI }, position: hoverAt });
      hovers[pair[k].name].push(performance.now() - t0);
    }
  }
  row('LSP hover on a struct (wall)', 'wall', hovers.kpw, hovers.clangd, 'ms');
  const rss = clients.map((c) => c.rssMb());
  row('server RSS with vfio.h open, after the edits', 'rss', [rss[0]], [rss[1]], 'MB', 1);
  // What an editor sitting on the open header holds (kpw gives memory back when quiet).
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const idle = clients.map((c) => c.rssMb());
  row('server RSS with vfio.h open, 2.5 s after the edits', 'rss', [idle[0]], [idle[1]], 'MB', 1);
  await Promise.all(clients.map((c) => c.stop()));
  // Issue 15: no request waits more than ~100 ms behind a build.
  rows.push(...(await buildWaitRows()));
  return rows;
}
