// `npm run bench`: speed of the header model, each figure next to a peer
// measured in the same run on the same input (gcc -fsyntax-only), reported as
// a ratio. CPU time, not wall time, so a busy machine skews it less.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAbi } from '../src/core/abi/index';
import type { AbiSpec } from '../src/core/abi/types';
import { initParser } from '../src/core/parser/tree-sitter';
import { buildHeaderModelSync, createHeaderModelCache } from '../src/core/model/header-model';
import type { FileHost } from '../src/core/preprocess/types';
import { nodeFileHost } from '../src/core/preprocess/preprocess';

const INCLUDE_ROOT = '/usr/include';
const VFIO = '/usr/include/linux/vfio.h';

function headersUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...headersUnder(full));
    else if (name.endsWith('.h')) out.push(full);
  }
  return out;
}

/** CPU seconds (user + system) spent in this process by fn. */
function cpu(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** CPU seconds of a child command, from bash's `time` (user + sys). */
function childCpu(cmd: string, args: string[]): number {
  const quoted = [cmd, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%U %S'; { time ${quoted} >/dev/null 2>&1; } 2>&1`], {
    encoding: 'utf8',
  });
  const [user, sys] = r.stdout.trim().split(/\s+/).slice(-2).map(Number);
  return user + sys;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function hasGcc(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Row {
  name: string;
  ours: number;
  peer?: number;
  peerName?: string;
  unit: string;
}

function wholeTree(abi: AbiSpec, rows: Row[]): void {
  const files = headersUnder(join(INCLUDE_ROOT, 'linux'));
  buildHeaderModelSync({ files, abi }).allRecords(); // warm the JIT
  const runs: number[] = [];
  let records = 0;
  for (let i = 0; i < 3; i++) runs.push(cpu(() => (records = buildHeaderModelSync({ files, abi }).allRecords().length)));
  const ours = median(runs);
  let peer: number | undefined;
  if (hasGcc()) {
    const tu = join(process.cwd(), 'bench', 'results', 'all-linux-headers.c');
    mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
    writeFileSync(tu, files.map((f) => `#include "${f}"`).join('\n') + '\n');
    peer = median([0, 1, 2].map(() => childCpu('gcc', ['-fsyntax-only', '-w', '-I', INCLUDE_ROOT, tu])));
  }
  console.log(`whole tree: ${files.length} headers, ${records} records laid out`);
  rows.push({ name: `parse + layout, ${files.length} headers`, ours, peer, peerName: 'gcc -fsyntax-only', unit: 's' });
}

/** A host that serves one edited buffer for vfio.h and the disk for the rest. */
function editedHost(text: string, version: number): FileHost {
  return {
    ...nodeFileHost,
    readFile: (p) => (p === VFIO ? text : nodeFileHost.readFile(p)),
    version: (p) => (p === VFIO ? `edit:${version}` : nodeFileHost.version?.(p)),
  };
}

function incremental(abi: AbiSpec, rows: Row[]): void {
  const original = readFileSync(VFIO, 'utf8');
  const cache = createHeaderModelCache();
  buildHeaderModelSync({ files: [VFIO], abi, cache, host: editedHost(original, -1) }).mainRecords();
  // One-character edits inside a member name in the middle of the file, alternating so each is a real change.
  const at = original.indexOf('max_dirty_bitmap_size');
  const times: number[] = [];
  for (let i = 0; i < 41; i++) {
    const ch = i % 2 ? 'x' : 'y';
    const text = original.slice(0, at) + ch + original.slice(at + 1);
    times.push(cpu(() => buildHeaderModelSync({ files: [VFIO], abi, cache, host: editedHost(text, i) }).mainRecords()));
  }
  const ours = median(times.slice(1)) * 1000;
  let peer: number | undefined;
  if (hasGcc()) peer = median([0, 1, 2].map(() => childCpu('gcc', ['-fsyntax-only', '-w', VFIO]))) * 1000;
  rows.push({ name: 'vfio.h re-layout after a 1-char edit', ours, peer, peerName: 'gcc -fsyntax-only vfio.h', unit: 'ms' });
}

async function run(): Promise<void> {
  await initParser();
  const abi = getAbi('x86_64') as AbiSpec;
  const rows: Row[] = [];
  wholeTree(abi, rows);
  incremental(abi, rows);
  console.log('\n| measurement | kpw | peer | peer time | ratio (kpw / peer) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const fmt = (v: number) => `${v.toFixed(r.unit === 's' ? 3 : 2)} ${r.unit}`;
    const ratio = r.peer ? (r.ours / r.peer).toFixed(3) : 'n/a';
    console.log(`| ${r.name} | ${fmt(r.ours)} | ${r.peerName ?? '-'} | ${r.peer !== undefined ? fmt(r.peer) : 'n/a'} | ${ratio} |`);
  }
}

void run();
