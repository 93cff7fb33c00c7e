// Peak RSS of a child `kpw` run: VmHWM from /proc/PID/status, sampled every 25 ms
// until the process exits (the kernel keeps the high-water mark, so a short
// spike between samples still counts). Used by the resource-budget test and the bench.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The built CLI as users run it (bin/kpw: the bundle, its V8 flags and code cache); needs npm run build. */
export const BUILT_KPW = join(root, 'bin', 'kpw');

/** Runs kpw from the sources (through tsx), or the built bin/kpw with `built`, and returns its exit
 *  code and peak RSS in bytes. */
export async function peakRss(
  args: string[],
  opts: { built?: boolean } = {},
): Promise<{ code: number | null; peak: number; stderr: string }> {
  const entry = opts.built ? [BUILT_KPW] : ['--import', 'tsx', join(root, 'src/cli/main.ts')];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let peak = 0;
  const sample = (): void => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch {
      // the process has just exited
    }
  };
  const timer = setInterval(sample, 25);
  const code = await new Promise<number | null>((resolve) =>
    child.on('exit', (c) => {
      sample();
      resolve(c);
    }),
  );
  clearInterval(timer);
  return { code, peak, stderr };
}
