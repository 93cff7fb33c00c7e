// The longest single steps of the header build and its checks (issue 15: the language server
// runs them in ~10 ms slices, so one step longer than that is a wait for every other request).
// Drives the same generators as runSliced, step by step, timing each, for every slow-header
// shape (test/fuzz/gen/slow-headers.ts, scale KPW_STEP_SCALE, default 5: ~1 MB) and the shapes
// that were single steps (single-step-shapes.ts). Each shape is run twice and the second (warm)
// run reported: steps, p50/p99/max step CPU ms (process CPU: steadier than wall on a loaded
// machine, but it counts GC and compiler threads too), steps over 10 ms, the longest wall step.
// `node --import tsx bench/step-lengths.ts [name-filter]`.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAbi } from '../src/core/abi/index';
import type { AbiSpec } from '../src/core/abi/types';
import { analyzeHeaderModelSteps, modelHeaderSteps } from '../src/core/api/index';
import { nodeFileHost } from '../src/core/host/node-file-host';
import { slowHeaders } from '../test/fuzz/gen/slow-headers';
import { enumShapes, macroArgShapes, skipShapes } from '../test/fuzz/gen/single-step-shapes';

const scale = Number(process.env.KPW_STEP_SCALE ?? 5);
const filter = process.argv[2];
const ABIS = [getAbi('x86_64') as AbiSpec];

/** Every step's CPU milliseconds (and the longest wall step), running `steps` to the end. */
function timed<T>(steps: Generator<void, T, void>, into: number[], wall: { max: number }): T {
  for (;;) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = steps.next();
    const c = process.cpuUsage(c0);
    into.push((c.user + c.system) / 1000);
    wall.max = Math.max(wall.max, performance.now() - t0);
    if (r.done) return r.value;
  }
}

function run(file: string): { ms: number[]; wall: number } {
  const ms: number[] = [];
  const wall = { max: 0 };
  const options = { files: [file], abis: ABIS, host: nodeFileHost, caches: new Map() };
  const models = timed(modelHeaderSteps(options), ms, wall);
  const checkOptions = { files: [file], host: nodeFileHost, forceUapi: true };
  timed(analyzeHeaderModelSteps(models, checkOptions), ms, wall);
  return { ms, wall: wall.max };
}

function row(name: string, file: string): void {
  run(file);
  const { ms, wall } = run(file);
  const sorted = ms.slice().sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const over = ms.filter((x) => x > 10).length;
  console.log(
    `${name.padEnd(52)} steps ${String(ms.length).padStart(7)}  p50 ${at(0.5).toFixed(3)}  p99 ${at(0.99).toFixed(2)}  max ${at(1).toFixed(1).padStart(6)} ms CPU  >10 ms: ${String(over).padStart(3)}  wall max ${wall.toFixed(1)}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'kpw-step-lengths-'));
try {
  const n = 20_000 * scale;
  const shapes = [
    ...slowHeaders(dir, scale).map((h) => [h.name, h.path] as const),
    ...[
      ...skipShapes(n / 5).map((s) => ['skip: ' + s.name, s.text] as const),
      ...enumShapes(n).map((s) => ['enum: ' + s.name, s.text] as const),
      ...macroArgShapes(n).map((s) => ['macro args: ' + s.name, s.text] as const),
    ].map(([name, text], i) => {
      const path = join(dir, `shape-${i}.h`);
      writeFileSync(path, text);
      return [name, path] as const;
    }),
  ];
  for (const [name, path] of shapes) if (!filter || name.includes(filter)) row(name, path);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
