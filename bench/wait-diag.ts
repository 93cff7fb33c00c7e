// Diagnostic (not a bench row): runs the hover-wait script of build-wait.ts on one shape with a
// CPU profile and the GC recorder, and attributes every wait over a threshold: the GCs in it (kind,
// forced), the server main thread's time on a CPU and waiting for one, the functions sampled; with
// KPW_WAIT_TRACE=FILE a timeline of the request's read, the build's slices (from a bundle with
// runSliced instrumented, see server-gc-trace.cjs), the GCs and the answer's writes. Usage:
//   node --import tsx bench/wait-diag.ts [oneline|define|struct|c-functions|c-function|c-switch] [thresholdMs]
// KPW_SERVER_NODE_FLAGS overrides the server's flags, KPW_SERVER its bundle, as in the bench;
// KPW_DIAG_NO_PROF=1 runs without the CPU profile.

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER_NODE_FLAGS } from '../src/extension/server-flags';
import {
  DOCUMENT_SHAPES,
  type BigDocument,
  deepDefineHeader,
  gcWithin,
  hugeStructHeader,
  oneLineHeader,
  runWaits,
  waitFigures,
} from './build-wait';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The C source rows of the bench (DOCUMENT_SHAPES), by a short name. */
const cShape = (words: string) => DOCUMENT_SHAPES.find(([what]) => what.includes(words))!;

const shapes: Record<string, readonly [(r: number) => string, BigDocument?]> = {
  oneline: [(r: number) => oneLineHeader(1_000_000, r)],
  define: [deepDefineHeader],
  struct: [(r: number) => hugeStructHeader(1_000_000, r)],
  'c-functions': cShape('5,000 functions').slice(1) as [(r: number) => string, BigDocument],
  'c-function': cShape('30,000-statement').slice(1) as [(r: number) => string, BigDocument],
  'c-switch': cShape('30,000-case').slice(1) as [(r: number) => string, BigDocument],
};

async function main(): Promise<void> {
  const shape = process.argv[2] ?? 'oneline';
  const threshold = Number(process.argv[3] ?? 100);
  const profDir = mkdtempSync(join(tmpdir(), 'kpw-wait-prof-'));
  const env = process.env.KPW_SERVER_NODE_FLAGS;
  const flags = env === undefined ? [...SERVER_NODE_FLAGS] : env.split(' ').filter(Boolean);
  const prof = process.env.KPW_DIAG_NO_PROF ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
  const server = resolve(process.env.KPW_SERVER ?? 'dist/server.js');
  const load0 = loadavg()[0];
  const run = await runWaits(
    'node',
    [...flags, ...prof, server, '--stdio'],
    { abis: ['x86_64'] },
    Number(process.env.KPW_BENCH_WAIT_ROUNDS ?? 3),
    shapes[shape][0],
    true,
    shapes[shape][1],
  );
  const f = waitFigures(run);
  console.log(
    `${shape}: n=${f.n} p50 ${f.p50.toFixed(1)} p99 ${f.p99.toFixed(1)} max ${f.max.toFixed(1)} ms, ` +
      `>100: ${f.over100}, GC share ${(f.gcShare * 100).toFixed(1)}% (>100: ${(f.gcShareOver100 * 100).toFixed(1)}%), ` +
      `no CPU (>100) ${(f.queuedShareOver100 * 100).toFixed(1)}%, ` +
      `main thread ran ${run.waits.reduce((a, w) => a + w.ran, 0).toFixed(0)} ms in all waits, ` +
      `GC ${run.gc.reduce((a, e) => a + e.ms, 0).toFixed(0)} ms in ${run.gc.length} (longest ${run.gc.reduce((a, e) => Math.max(a, e.ms), 0).toFixed(1)}), ` +
      `load ${load0.toFixed(2)} -> ${loadavg()[0].toFixed(2)}`,
  );
  // The main thread's profile (CPU.<date>.<pid>.<thread id>.<n>.cpuprofile, thread 0), not a worker's.
  const files = readdirSync(profDir).filter((x) => /\.0\.\d+\.cpuprofile$/.test(x));
  const profile = files[0]
    ? (JSON.parse(readFileSync(join(profDir, files[0]), 'utf8')) as Profile)
    : undefined;
  const byId = new Map(profile ? profile.nodes.map((n) => [n.id, n]) : []);
  const parent = new Map<number, number>();
  for (const n of profile?.nodes ?? []) for (const c of n.children ?? []) parent.set(c, n.id);
  // Sample times on the monotonic clock (V8's TimeTicks: microseconds of CLOCK_MONOTONIC).
  const times: number[] = [];
  if (profile) {
    let t = profile.startTime;
    for (const d of profile.timeDeltas) times.push((t += d) / 1000);
  }
  const name = (id: number) => {
    const n = byId.get(id)!;
    const file = n.callFrame.url.split('/').pop() ?? '';
    return `${n.callFrame.functionName || '(anon)'}${file ? ` ${file}:${n.callFrame.lineNumber + 1}` : ''}`;
  };
  /** A sample's stack, innermost first. */
  const stack = (id: number) => {
    const out: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) out.push(name(at));
    return out;
  };
  const traceFile = process.env.KPW_WAIT_TRACE;
  const trace: [string, number, unknown, number?][] =
    traceFile && existsSync(traceFile) ? JSON.parse(readFileSync(traceFile, 'utf8')) : [];
  for (const w of run.waits) {
    const ms = w.t1 - w.t0;
    if (ms <= threshold) continue;
    if (trace.length) {
      const items: [number, string][] = [];
      let prevCpu: number | undefined;
      for (const e of trace) {
        if (e[0] === 'slice' || e[0] === 'final') {
          const end = e[1] + (e[2] as number);
          const cpu = prevCpu === undefined || e[3] === undefined ? NaN : e[3] - prevCpu;
          prevCpu = e[3];
          if (end < w.t0 - 20 || e[1] > w.t1) continue;
          items.push([
            e[1] - w.t0,
            `${e[0]} ${(e[2] as number).toFixed(1)}ms (cpu since last ${cpu.toFixed(1)})`,
          ]);
        } else if (e[1] >= w.t0 - 5 && e[1] <= w.t1 + 5)
          items.push([e[1] - w.t0, `${e[0]} ${JSON.stringify(e[2]).slice(0, 60)}`]);
      }
      for (const g of run.gc)
        if (g.start + g.ms > w.t0 - 20 && g.start < w.t1)
          items.push([g.start - w.t0, `GC ${g.kind}${g.forced ? ' forced' : ''} ${g.ms.toFixed(1)}ms`]);
      // What the server ran between reading the request and writing its answer (CPU profile).
      const read = trace.find((e) => e[0] === 'read' && e[1] >= w.t0 - 1 && e[1] <= w.t1);
      const wrote = trace.find((e) => e[0] === 'write' && read && e[1] > read[1] && e[1] <= w.t1 + 1);
      if (profile && read && wrote && wrote[1] - read[1] > 15) {
        const self = new Map<string, number>();
        for (let i = 0; i + 1 < times.length; i++) {
          if (times[i] < read[1] || times[i] > wrote[1]) continue;
          const k = stack(profile.samples[i]).slice(0, 4).join(' < ');
          self.set(k, (self.get(k) ?? 0) + times[i + 1] - times[i]);
        }
        for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5))
          items.push([read[1] - w.t0 + 0.01, `  read->write ${v.toFixed(1)} ms in ${k}`]);
      }
      items.sort((a, b) => a[0] - b[0]);
      console.log(
        `\n== wait ${ms.toFixed(1)} ms: main thread ran ${w.ran.toFixed(1)} ms, waited for a CPU ${w.queued.toFixed(1)} ms (process ticks ${w.cpu})`,
      );
      for (const [t, what] of items) console.log(`  ${t.toFixed(1).padStart(7)}  ${what}`);
      continue;
    }
    const gcs = run.gc
      .filter((e) => e.start + e.ms > w.t0 && e.start < w.t1)
      .map((e) => `${e.kind}${e.forced ? '(forced)' : ''} ${e.ms.toFixed(1)}`);
    console.log(
      `\nwait ${ms.toFixed(1)} ms at +${(w.t0 - run.waits[0].t0).toFixed(0)} ms: main thread ran ${w.ran.toFixed(1)} ms, waited for a CPU ${w.queued.toFixed(1)} ms, ` +
        `GC ${gcWithin(run.gc, w.t0, w.t1).toFixed(1)} ms [${gcs.join(', ')}]`,
    );
    if (!profile) continue;
    const self = new Map<string, number>();
    for (let i = 0; i + 1 < times.length; i++) {
      if (times[i] < w.t0 || times[i] > w.t1) continue;
      const fn = byId.get(profile.samples[i])!.callFrame.functionName;
      if (fn !== '(idle)')
        self.set(
          name(profile.samples[i]),
          (self.get(name(profile.samples[i])) ?? 0) + times[i + 1] - times[i],
        );
    }
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
    console.log(
      `  sampled busy in window: ${[...self.values()].reduce((a, b) => a + b, 0).toFixed(1)} ms; top self:`,
    );
    for (const [k, v] of top) console.log(`    ${v.toFixed(1)} ms  ${k}`);
  }
}

void main();
