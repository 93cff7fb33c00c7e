// Spawning compilers and binutils for the oracle: one promise per process,
// stdin fed from a string, output collected, and a tiny pool so at most a
// couple of gcc processes run at once on the shared 2-core machine.

import { spawn } from 'node:child_process';

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cmd args`; never rejects: a spawn failure is code 127 with the error in stderr. */
export function runTool(
  cmd: string,
  args: string[],
  opts: { input?: string; cwd?: string } = {},
): Promise<ToolResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => resolve({ code: 127, stdout: '', stderr: String(e) }));
    child.on('close', (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** Maps `items` through `fn` with at most `limit` calls in flight; keeps order. */
export async function mapPool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Whether a program can be run at all (found on PATH). */
export async function toolExists(cmd: string): Promise<boolean> {
  const r = await runTool(cmd, ['--version']);
  return r.code === 0;
}
