// Side-by-side timing for the bench: kpw and its peer run interleaved (A B A B) in
// one loop so a load spike hits both, each sample as wall and CPU time of the whole
// process; medians with min-max. CPU is the steadier figure on a shared machine.

import { spawnSync } from 'node:child_process';

/** One figure over several samples. */
export interface Stat {
  median: number;
  min: number;
  max: number;
}

export function stat(values: number[]): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Wall and CPU (user + system) milliseconds of one shell command line, its children included. */
export interface ProcessTime {
  wallMs: number;
  cpuMs: number;
  ok: boolean;
}

/** Runs `line` under bash's `time` (which counts waited-for children) with output discarded. */
export function timeShell(line: string, cwd?: string): ProcessTime {
  const script = `TIMEFORMAT='%R %U %S'; { time { ${line} ; } >/dev/null 2>/tmp/kpw-bench-stderr; } 2>&1; echo "rc=$?"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd });
  const rc = /rc=(\d+)/.exec(r.stdout)?.[1];
  const [wall, user, sys] = r.stdout
    .replace(/rc=\d+/, '')
    .trim()
    .split(/\s+/)
    .slice(-3)
    .map(Number);
  return { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, ok: rc === '0' };
}

/** Quotes words for bash. */
export function shellWords(words: string[]): string {
  return words.map((w) => (/^[\w./=,:+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export interface Pair {
  ours: { wall: Stat; cpu: Stat };
  peer: { wall: Stat; cpu: Stat };
}

/** Runs the two command lines `runs` times each, interleaved, after one warm-up of each. */
export function interleaved(ours: string, peer: string, runs: number): Pair {
  const a: ProcessTime[] = [];
  const b: ProcessTime[] = [];
  for (const line of [ours, peer]) {
    const warm = timeShell(line);
    if (!warm.ok) throw new Error(`bench command failed: ${line}`);
  }
  for (let i = 0; i < runs; i++) {
    a.push(timeShell(ours));
    b.push(timeShell(peer));
  }
  const summary = (xs: ProcessTime[]) => ({
    wall: stat(xs.map((x) => x.wallMs)),
    cpu: stat(xs.map((x) => x.cpuMs)),
  });
  return { ours: summary(a), peer: summary(b) };
}

/** A bench row with spread: kpw's figure and the peer's, medians with min-max. */
export interface SpreadRow {
  name: string;
  ours: Stat;
  peer?: Stat;
  peerName?: string;
  unit: string;
  /** The goal, as the largest acceptable ratio kpw / peer. */
  goal?: number;
}

/** The markdown table the README carries: kpw, peer, ratio of medians, goal met or not. */
export function spreadTable(rows: SpreadRow[]): string {
  const fmt = (s: Stat, unit: string) => {
    const d = s.median >= 100 ? 0 : 1;
    return s.min === s.max
      ? `${s.median.toFixed(d)} ${unit}`
      : `${s.median.toFixed(d)} ${unit} (${s.min.toFixed(d)}-${s.max.toFixed(d)})`;
  };
  const lines = [
    '| measurement | kpw p50 (min-max) | peer | peer p50 (min-max) | ratio | goal |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const ratio = r.peer ? r.ours.median / r.peer.median : undefined;
    const goal =
      r.goal === undefined || ratio === undefined
        ? ''
        : `<= ${r.goal}x ${ratio <= r.goal ? 'met' : 'NOT met'}`;
    lines.push(
      `| ${r.name} | ${fmt(r.ours, r.unit)} | ${r.peerName ?? '-'} | ${r.peer ? fmt(r.peer, r.unit) : 'n/a'} | ${ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}x`} | ${goal} |`,
    );
  }
  return lines.join('\n');
}
