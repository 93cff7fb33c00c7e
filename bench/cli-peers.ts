// Bench rows for kpw as a whole process next to the tools a kernel developer already
// runs: gcc + pahole for layouts, the 7 cross gcc -Wpadded for holes, `node -e 0` for
// start-up, peak memory of `kpw sim` and `kpw check` against their input size.
// KPW_BIN picks the kpw to measure (default bin/kpw), to compare two builds.

import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ORACLE_ABIS } from '../test/differential/oracle/abis';
import { interleaved, shellWords, stat, type Pair, type Stat } from './measure';

const VFIO = '/usr/include/linux/vfio.h';
const TYPE = 'vfio_iommu_type1_info_cap_migration';
const RUNS = Number(process.env.KPW_BENCH_RUNS ?? 7);

export interface PeerRow {
  name: string;
  /** Which of the pair's figures the ratio uses. */
  figure: 'wall' | 'cpu' | 'rss';
  ours: Stat;
  peer?: Stat;
  peerName?: string;
  unit: string;
  /** The goal, as a ratio kpw / peer not to exceed. */
  goal?: number;
}

function kpw(args: string[]): string {
  const bin = resolve(process.env.KPW_BIN ?? 'bin/kpw');
  return shellWords(['node', bin, ...args]);
}

function have(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Two rows from one interleaved pair: wall and CPU. */
function pairRows(
  name: string,
  pair: Pair,
  peerName: string,
  goal?: { figure: 'wall' | 'cpu'; ratio: number },
): PeerRow[] {
  return (['wall', 'cpu'] as const).map((figure) => ({
    name: `${name} (${figure})`,
    figure,
    ours: pair.ours[figure],
    peer: pair.peer[figure],
    peerName,
    unit: 'ms',
    goal: goal?.figure === figure ? goal.ratio : undefined,
  }));
}

/** `gcc -g -c` of a header as C with every type in DWARF, then `pahole -C TYPE`, per ABI. */
function gccPahole(gcc: string, tag: string, dir: string): string {
  const obj = join(dir, `vfio-${tag}.o`);
  const compile = shellWords([
    gcc,
    '-g',
    '-fno-eliminate-unused-debug-types',
    '-c',
    '-x',
    'c',
    VFIO,
    '-o',
    obj,
  ]);
  return `${compile} && ${shellWords(['pahole', '-C', TYPE, obj])}`;
}

function gccPadded(gcc: string): string {
  return shellWords([gcc, '-fsyntax-only', '-Wpadded', '-x', 'c', VFIO]);
}

/** Peak RSS (KiB) of a command line, from GNU time. */
function peakRssKb(line: string): number {
  const r = spawnSync(
    'bash',
    ['-c', `/usr/bin/time -f '%M' bash -c ${shellWords([line])} 2>&1 >/dev/null | tail -1`],
    {
      encoding: 'utf8',
    },
  );
  return Number(r.stdout.trim());
}

/** Throws unless the command line exits 0: a memory row must not measure an early refusal. */
function mustSucceed(line: string): void {
  const r = spawnSync('bash', ['-c', `${line} >/dev/null`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench: ${line} exited ${r.status}: ${r.stderr.trim().slice(0, 300)}`);
}

/** A generated header of `count` small structs, each with a hole. */
function manyStructs(dir: string, count: number): string {
  const file = join(dir, `structs-${count}.h`);
  const body = Array.from(
    { length: count },
    (_, i) => `struct gen_${i} {\n\t__u32 a;\n\t__u64 b;\n\t__u8 c[${(i % 7) + 1}];\n};\n`,
  );
  writeFileSync(file, `#include <linux/types.h>\n${body.join('')}`);
  return file;
}

/** A scenario of `steps` steps: open, then events and reads in turn. */
function simScenario(dir: string, steps: number): string {
  const file = join(dir, `sim-${steps}.json`);
  const list: unknown[] = [{ op: 'open', device: 'zpci0' }];
  for (let i = 1; i < steps; i++) {
    list.push(
      i % 2
        ? { op: 'event', device: 'zpci0', pec: 4 }
        : { op: 'ioctl', device: 'zpci0', flags: 'GET|ZPCI_ERROR', argsz: 12 },
    );
  }
  writeFileSync(file, JSON.stringify({ uapi: 'v13', steps: list }));
  return file;
}

export function cliPeerRows(): PeerRow[] {
  const rows = progressRows();
  const dir = join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const twoLine = join(dir, 'two-line.h');
  writeFileSync(twoLine, 'struct two_line { int a; long b; };\n');

  const start = interleaved(kpw(['--help']), 'node -e 0', RUNS);
  rows.push(...pairRows('start-up: kpw --help', start, 'node -e 0', { figure: 'wall', ratio: 2 }));
  const small = interleaved(kpw(['layout', twoLine]), 'node -e 0', RUNS);
  rows.push(
    ...pairRows('start-up: kpw layout on a 2-line header', small, 'node -e 0', { figure: 'wall', ratio: 2 }),
  );

  if (!have('gcc') || !have('pahole')) {
    console.log('cli peers: gcc/pahole rows skipped (install gcc and dwarves)');
    return rows;
  }
  const layout = interleaved(kpw(['layout', VFIO, '--', TYPE]), gccPahole('gcc', 'x86_64', dir), RUNS);
  rows.push(
    ...pairRows(`kpw layout vfio.h -- ${TYPE}`, layout, 'gcc -g -c + pahole -C', {
      figure: 'wall',
      ratio: 3,
    }),
  );

  const cross = ORACLE_ABIS.filter((a) => have(a.gcc));
  const all = interleaved(
    kpw(['layout', '--abi', 'all', VFIO, '--', TYPE]),
    cross.map((a) => gccPahole(a.gcc, a.name, dir)).join(' && '),
    RUNS,
  );
  rows.push(
    ...pairRows(
      `kpw layout --abi all (${cross.length} ABIs) one struct`,
      all,
      `${cross.length}x (gcc -g -c + pahole -C)`,
    ),
  );

  const check7 = interleaved(
    `${kpw(['check', VFIO])}; true`,
    cross.map((a) => gccPadded(a.gcc)).join(' && '),
    RUNS,
  );
  rows.push(
    ...pairRows(
      `kpw check vfio.h (${cross.length} ABIs)`,
      check7,
      `${cross.length}x gcc -fsyntax-only -Wpadded`,
      { figure: 'cpu', ratio: 2 },
    ),
  );
  const check1 = interleaved(`${kpw(['check', '--abi', 'x86_64', VFIO])}; true`, gccPadded('gcc'), RUNS);
  rows.push(
    ...pairRows('kpw check --abi x86_64 vfio.h', check1, 'gcc -fsyntax-only -Wpadded', {
      figure: 'cpu',
      ratio: 3,
    }),
  );

  rows.push(...memoryRows(dir));
  return rows;
}

/** A row list that also prints each row as it is added (a long run shows its progress). */
export function progressRows(): PeerRow[] {
  const rows: PeerRow[] = [];
  const push = rows.push.bind(rows);
  rows.push = (...added: PeerRow[]) => {
    for (const r of added)
      console.log(
        `  ${r.name}: ${r.ours.median.toFixed(1)} vs ${r.peer?.median.toFixed(1) ?? '-'} ${r.unit}`,
      );
    return push(...added);
  };
  return rows;
}

/** Peak RSS: kpw sim at 10k and 70k steps (constant memory means equal), kpw check on vfio.h. */
function memoryRows(dir: string): PeerRow[] {
  const rows: PeerRow[] = [];
  const small = simScenario(dir, 10_000);
  // 70k steps: the most that stays under the 4 MiB scenario limit (LIMITS.scenarioBytes). A 100k
  // scenario (5.4 MB) was refused with exit 3 at once, and that refusal's RSS was the row.
  const large = simScenario(dir, 70_000);
  const runs = [0, 1, 2];
  const rss = (file: string) => {
    mustSucceed(kpw(['sim', file, '--json']));
    return stat(runs.map(() => peakRssKb(kpw(['sim', file, '--json'])) / 1024));
  };
  const at10k = rss(small);
  rows.push({
    name: 'kpw sim, 70k steps, peak RSS (peer: the same at 10k steps)',
    figure: 'rss',
    ours: rss(large),
    peer: at10k,
    peerName: 'kpw sim 10k steps',
    unit: 'MB',
  });
  for (const file of [VFIO, manyStructs(dir, 10_000)]) {
    const budget = (statSync(file).size * 10) / 2 ** 20 + 150;
    const size = `${(statSync(file).size / 1024).toFixed(0)} KB`;
    const check = stat(runs.map(() => peakRssKb(`${kpw(['check', '--uapi', file])}; true`) / 1024));
    // The same goal for layout: every record of the file on every ABI, printed.
    mustSucceed(kpw(['layout', '--abi', 'all', file]));
    const layout = stat(runs.map(() => peakRssKb(kpw(['layout', '--abi', 'all', file])) / 1024));
    for (const [name, ours] of [
      [`kpw check --uapi ${basename(file)} (7 ABIs, ${size}) peak RSS`, check],
      [`kpw layout --abi all ${basename(file)} (${size}) peak RSS`, layout],
    ] as const)
      rows.push({
        name,
        figure: 'rss',
        ours,
        peer: stat([budget]),
        peerName: '10x input + 150 MB',
        unit: 'MB',
        goal: 1,
      });
  }
  return rows;
}
