// Not a test: measures the preprocessor on the host's headers. Run with
//   node --import tsx test/unit/preprocess/bench.ts
// Prints CPU time for the whole /usr/include/linux tree (cold, then warm) and
// the cached re-run of vfio.h after a one-character edit.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createPreprocessCache, nodeFileHost, preprocess } from '../../../src/core/preprocess/preprocess';
import type { FileHost } from '../../../src/core/host/types';

const INCLUDE = ['/usr/include', '/usr/include/x86_64-linux-gnu'];

function headers(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...headers(p));
    else if (name.endsWith('.h')) out.push(p);
  }
  return out;
}

function cpuMs(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

const tree = headers('/usr/include/linux');
for (let k = 0; k < 4; k++) {
  let size = 0;
  const ms = cpuMs(() => {
    size = preprocess(tree, nodeFileHost, { includeDirs: INCLUDE, predefined: {} }).text.length;
  });
  console.log(
    `whole tree (${tree.length} main files, ${size} chars out), run ${k + 1}: ${ms.toFixed(0)} ms CPU`,
  );
}

const VFIO = '/usr/include/linux/vfio.h';
const original = readFileSync(VFIO, 'utf8');
let text = original;
let version = 0;
const host: FileHost = {
  readFile: (p) => (p === VFIO ? text : nodeFileHost.readFile(p)),
  fileExists: (p) => nodeFileHost.fileExists(p),
  version: (p) => (p === VFIO ? `edit:${version}` : nodeFileHost.version?.(p)),
};
const cache = createPreprocessCache();
const options = { includeDirs: INCLUDE, predefined: {}, cache };
preprocess([VFIO], host, options);
const times: number[] = [];
for (let k = 0; k < 200; k++) {
  version++;
  text = original.replace('__u32\tflags;', k % 2 ? '__u32\tflagz;' : '__u32\tflagy;');
  const t0 = performance.now();
  preprocess([VFIO], host, options);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(
  `vfio.h one-character edit, cached: median ${times[100].toFixed(2)} ms, p90 ${times[180].toFixed(2)} ms`,
);
