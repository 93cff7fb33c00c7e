// `npm run bench`: speed of the header model, each figure next to a peer
// measured in the same run on the same input (gcc -fsyntax-only), reported as
// a ratio. CPU time, not wall time, so a busy machine skews it less.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getAbi } from '../src/core/abi/index';
import type { AbiSpec } from '../src/core/abi/types';
import { initParser } from '../src/core/parser/tree-sitter';
import { buildHeaderModelSync, createHeaderModelCache } from '../src/core/model/header-model';
import type { FileHost } from '../src/core/preprocess/types';
import { nodeFileHost } from '../src/core/preprocess/preprocess';
import { ORACLE_ABIS } from '../test/differential/oracle/abis';
import { baseFlags } from '../test/differential/oracle/header-set';
import { measureAbi } from '../test/differential/oracle/measure';

const VFIO = '/usr/include/linux/vfio.h';

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

/**
 * The whole installed UAPI tree, as the gcc oracle partitions it into translation
 * units gcc accepts (test/differential): every unit through our model, and the
 * same units through gcc -fsyntax-only, so both do the same work.
 */
async function wholeTree(abi: AbiSpec, rows: Row[]): Promise<void> {
  const oracleAbi = ORACLE_ABIS.find((a) => a.name === abi.name);
  const measured = oracleAbi ? await measureAbi(oracleAbi) : { skip: 'no oracle ABI' };
  if ('skip' in measured) {
    console.log(`whole tree: skipped (${measured.skip})`);
    return;
  }
  const { overlay, units } = measured.oracle;
  const unitFiles = units.map((u) => u.files.map((f) => join(overlay.root, f)));
  const runOurs = () => {
    let records = 0;
    for (const files of unitFiles) records += buildHeaderModelSync({ files, includeDirs: [overlay.root], abi }).allRecords().length;
    return records;
  };
  const records = runOurs(); // warm the JIT once, as a long-lived language server is
  const ours = median([0, 1, 2].map(() => cpu(runOurs)));
  const dir = join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const tus = unitFiles.map((files, i) => {
    const tu = join(dir, `unit-${i}.c`);
    writeFileSync(tu, files.map((f) => `#include "${f}"`).join('\n') + '\n');
    return tu;
  });
  const gccOnce = () => tus.reduce((sum, tu) => sum + childCpu('gcc', ['-fsyntax-only', '-w', ...baseFlags(overlay), tu]), 0);
  const peer = median([0, 1, 2].map(gccOnce));
  const headers = unitFiles.reduce((n, f) => n + f.length, 0);
  console.log(`whole tree: ${headers} headers in ${units.length} units, ${records} records laid out`);
  rows.push({ name: `parse + layout, ${headers} headers`, ours, peer, peerName: 'gcc -fsyntax-only', unit: 's' });
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
  await wholeTree(abi, rows);
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
