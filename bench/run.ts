// `npm run bench`: speed of the header model, each figure next to a peer
// measured in the same run on the same input (gcc -fsyntax-only), reported as
// a ratio. CPU time, not wall time, so a busy machine skews it less.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ABIS, getAbi } from '../src/core/abi/index';
import type { AbiSpec } from '../src/core/abi/types';
import { initParser } from '../src/core/parser/tree-sitter/tree-sitter';
import { runChecks } from '../src/core/checks/run';
import {
  buildHeaderModelSync,
  createHeaderModelCache,
  type HeaderModelCache,
} from '../src/core/model/header-model';
import { snapshotHost } from '../src/core/host/snapshot-host';
import type { FileHost } from '../src/core/host/types';
import { nodeFileHost } from '../src/core/host/node-file-host';
import { ORACLE_ABIS } from '../test/differential/oracle/abis';
import { baseFlags } from '../test/differential/oracle/header-set';
import { measureAbi } from '../test/differential/oracle/measure';
import { ALIAS, missingTools, startSshd } from '../test/integration/target/sshd-harness';
import { parseScenario } from '../src/core/sim/index';
import { runOnTarget } from '../src/core/runner/index';
import { e2eActivation } from './e2e-activation';
import { rssPerByte } from './rss-per-byte';
import { compatVsAbidiff } from './compat-vs-abidiff';
import { peerTable } from './peers';

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
    // One view of the disk per run, as kpw check and kpw layout use: each path resolved once.
    const host = snapshotHost(nodeFileHost, { contents: false });
    for (const files of unitFiles)
      records += buildHeaderModelSync({ files, includeDirs: [overlay.root], abi, host }).allRecords().length;
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
  const gccOnce = () =>
    tus.reduce((sum, tu) => sum + childCpu('gcc', ['-fsyntax-only', '-w', ...baseFlags(overlay), tu]), 0);
  const peer = median([0, 1, 2].map(gccOnce));
  const headers = unitFiles.reduce((n, f) => n + f.length, 0);
  console.log(`whole tree: ${headers} headers in ${units.length} units, ${records} records laid out`);
  rows.push({
    name: `parse + layout, ${headers} headers`,
    ours,
    peer,
    peerName: 'gcc -fsyntax-only',
    unit: 's',
  });
}

/** A host that serves one edited buffer for vfio.h and the disk for the rest. */
function editedHost(text: string, version: number): FileHost {
  return {
    ...nodeFileHost,
    readFile: (p) => (p === VFIO ? text : nodeFileHost.readFile(p)),
    version: (p) => (p === VFIO ? `edit:${version}` : nodeFileHost.version?.(p)),
  };
}

/** The texts of 41 one-character edits inside a member name in the middle of vfio.h,
 *  alternating so each is a real change (the first is a warm-up). */
function editedTexts(): { original: string; texts: string[] } {
  const original = readFileSync(VFIO, 'utf8');
  const at = original.indexOf('max_dirty_bitmap_size');
  const texts = Array.from(
    { length: 41 },
    (_, i) => original.slice(0, at) + (i % 2 ? 'x' : 'y') + original.slice(at + 1),
  );
  return { original, texts };
}

function gccVfio(): number | undefined {
  return hasGcc()
    ? median([0, 1, 2].map(() => childCpu('gcc', ['-fsyntax-only', '-w', VFIO]))) * 1000
    : undefined;
}

function incremental(abi: AbiSpec, rows: Row[]): void {
  const { original, texts } = editedTexts();
  const cache = createHeaderModelCache();
  buildHeaderModelSync({ files: [VFIO], abi, cache, host: editedHost(original, -1) }).mainRecords();
  const times = texts.map((text, i) =>
    cpu(() => buildHeaderModelSync({ files: [VFIO], abi, cache, host: editedHost(text, i) }).mainRecords()),
  );
  const ours = median(times.slice(1)) * 1000;
  rows.push({
    name: 'vfio.h re-layout after a 1-char edit',
    ours,
    peer: gccVfio(),
    peerName: 'gcc -fsyntax-only vfio.h',
    unit: 'ms',
  });
}

/** What the language server does after a keystroke: every ABI's model from its caches
 *  (sibling caches, one disk snapshot per batch, as server/src/document-models.ts), then the checks. */
function diagnosticsAllAbis(rows: Row[]): void {
  const { original, texts } = editedTexts();
  const caches = new Map<string, HeaderModelCache>();
  const once = (text: string, version: number): number => {
    const host = snapshotHost(editedHost(text, version));
    const models = ABIS.map((abi) => {
      let cache = caches.get(abi.name);
      if (!cache) caches.set(abi.name, (cache = createHeaderModelCache(caches.values().next().value)));
      return buildHeaderModelSync({ files: [VFIO], abi, cache, host });
    });
    const diagnostics = models.flatMap((m) => m.diagnostics);
    return diagnostics.length + runChecks({ models, files: [VFIO], workspace: { host } }).length;
  };
  once(original, -1);
  const times = texts.map((text, i) => cpu(() => once(text, i)));
  const ours = median(times.slice(1)) * 1000;
  rows.push({
    name: `vfio.h diagnostics after a 1-char edit, ${ABIS.length} ABIs + checks`,
    ours,
    peer: gccVfio(),
    peerName: 'gcc -fsyntax-only vfio.h',
    unit: 'ms',
  });
}

/** Wall time of a child command, in ms (a network round trip is wall time, not CPU). */
function wallMs(cmd: string, args: string[]): number {
  const start = performance.now();
  spawnSync(cmd, args, { stdio: 'ignore' });
  return performance.now() - start;
}

/**
 * One ZPCI_ERROR read on a target over SSH with a reused connection (ControlMaster), against a
 * bare `ssh host true` on the same connection: the real sshd of the target tests on 127.0.0.1, the
 * s390x probe under qemu-user-static (test/integration/target/sshd-harness.ts).
 */
async function targetRoundTrip(rows: Row[]): Promise<void> {
  const missing = missingTools();
  if (missing) {
    console.log(`target round trip: skipped (${missing})`);
    return;
  }
  const sshd = await startSshd();
  try {
    const file = join(process.cwd(), 'test/fixtures/target/probe-and-get.json');
    const loaded = parseScenario(readFileSync(file, 'utf8'), file);
    if (!loaded.ok) throw new Error(loaded.error);
    const target = {
      destination: ALIAS,
      sshConfig: sshd.clientConfig,
      device: '/dev/null',
      runnerPrefix: ['qemu-s390x-static'],
    };
    const bare = () => wallMs('ssh', ['-F', sshd.clientConfig, ALIAS, 'true']);
    bare(); // opens the master connection both measurements reuse
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const result = await runOnTarget(target, loaded.scenario);
      if (!result.steps.length) throw new Error(`target run failed: ${JSON.stringify(result.problems)}`);
      runs.push(performance.now() - start);
    }
    const peer = median([0, 1, 2, 3, 4].map(bare));
    rows.push({
      name: 'one ZPCI_ERROR read on a target over SSH (ControlMaster, wall)',
      ours: median(runs),
      peer,
      peerName: 'ssh host true (same connection)',
      unit: 'ms',
    });
  } finally {
    await sshd.stop();
  }
}

async function run(): Promise<void> {
  if (process.argv.includes('--tree')) {
    // The whole-tree row alone (node --import tsx bench/run.ts --tree).
    await initParser();
    const rows: Row[] = [];
    await wholeTree(getAbi('x86_64') as AbiSpec, rows);
    for (const r of rows)
      console.log(
        `| ${r.name} | ${r.ours.toFixed(3)} s | ${r.peerName} | ${r.peer?.toFixed(3)} s | ${r.peer ? (r.ours / r.peer).toFixed(2) : 'n/a'}x |`,
      );
    return;
  }
  // The peer rows (kpw next to gcc + pahole, cross gcc -Wpadded, node -e 0, clangd), whole processes.
  const peers = await peerTable();
  if (process.argv.includes('--peers')) {
    console.log(`\n${peers}`);
    return;
  }
  await initParser();
  const abi = getAbi('x86_64') as AbiSpec;
  const rows: Row[] = [];
  await wholeTree(abi, rows);
  incremental(abi, rows);
  diagnosticsAllAbis(rows);
  await targetRoundTrip(rows);
  await e2eActivation(rows);
  await compatVsAbidiff(rows);
  console.log('\n| measurement | kpw | peer | peer time | ratio (kpw / peer) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const fmt = (v: number) => `${v.toFixed(r.unit === 's' ? 3 : 2)} ${r.unit}`;
    const ratio = r.peer ? (r.ours / r.peer).toFixed(3) : 'n/a';
    console.log(
      `| ${r.name} | ${fmt(r.ours)} | ${r.peerName ?? '-'} | ${r.peer !== undefined ? fmt(r.peer) : 'n/a'} | ${ratio} |`,
    );
  }
  // Memory per input size (issue 15): peak RSS of a child kpw, bytes of RSS per byte of input.
  console.log('');
  for (const row of await rssPerByte()) console.log(row);
  console.log(`\n${peers}`);
}

void run();
