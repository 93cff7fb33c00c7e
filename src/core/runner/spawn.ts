// Spawns one local program with an argument array (never a shell string),
// streams its output line by line, and stops it on timeout or cancellation.
// Resolves on exit once stdout has ended; stderr may be held open by an ssh
// ControlPersist master, so it is not waited for. Each stream is byte-capped
// (LIMITS.targetStreamBytes): past it the program is stopped and `overflow` says so.

import { spawn } from 'node:child_process';
import { formatBytes, LIMITS } from '../host/limits';
import { STDOUT_GRACE_MS } from '../limits';

export interface SpawnOptions {
  input?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  onStdoutLine?(line: string): void;
  onStderrLine?(line: string): void;
  /** Bytes read from each of stdout and stderr before the program is stopped (default LIMITS.targetStreamBytes). */
  maxStreamBytes?: number;
}

export interface SpawnOutcome {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started (ENOENT: not installed). */
  spawnError?: string;
  aborted: boolean;
  timedOut: boolean;
  /** Set when a stream passed its byte cap: which one and the message to show; the program was stopped. */
  overflow?: { stream: 'stdout' | 'stderr'; message: string };
}

export function runProgram(
  program: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<SpawnOutcome> {
  return new Promise((resolve) => {
    const out: SpawnOutcome = {
      code: null,
      signal: null,
      stdout: '',
      stderr: '',
      aborted: false,
      timedOut: false,
    };
    if (options.signal?.aborted) return resolve({ ...out, aborted: true });
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    let exited = false;
    let stdoutEnded = false;
    let done = false;
    const finish = () => {
      if (done || !exited || !stdoutEnded) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(out);
    };
    const stop = () => {
      if (exited) return;
      child.kill('SIGTERM');
      // A program ignoring TERM while flooding a pipe still has to go.
      setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, 2000).unref();
    };
    const cap = options.maxStreamBytes ?? LIMITS.targetStreamBytes;
    const overflowed = (stream: 'stdout' | 'stderr') => {
      if (out.overflow) return;
      out.overflow = {
        stream,
        message: `${program} wrote more than ${formatBytes(cap)} on ${stream} (the limit per stream); it was stopped`,
      };
      stop();
      // Close our ends: writers the program left behind (a pipeline's other half) get EPIPE and end.
      child.stdout.destroy();
      child.stderr.destroy();
      stdoutEnded = true;
      finish();
    };
    const onAbort = () => {
      out.aborted = true;
      stop();
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            out.timedOut = true;
            stop();
          }, options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const stdoutLines = lineSplitter(
      (l) => options.onStdoutLine?.(l),
      (t) => (out.stdout += t),
      cap,
      () => overflowed('stdout'),
    );
    const stderrLines = lineSplitter(
      (l) => options.onStderrLine?.(l),
      (t) => (out.stderr += t),
      cap,
      () => overflowed('stderr'),
    );
    child.stdout.on('data', stdoutLines.data);
    child.stdout.on('end', () => {
      // A last line without a newline (a probe cut off mid-answer) is still a line to report.
      stdoutLines.end();
      stdoutEnded = true;
      finish();
    });
    child.stderr.on('data', stderrLines.data);
    child.stderr.on('end', stderrLines.end);
    child.on('error', (err) => {
      out.spawnError =
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? `${program} is not installed (not found in PATH)`
          : err.message;
      exited = true;
      stdoutEnded = true;
      finish();
    });
    child.on('exit', (code, signal) => {
      out.code = code;
      out.signal = signal;
      exited = true;
      // A grandchild may hold stdout; do not wait for it forever.
      setTimeout(() => {
        stdoutEnded = true;
        finish();
      }, STDOUT_GRACE_MS).unref();
      finish();
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Calls `line` for each complete line, and at the end for a last unterminated one; `raw` gets all
 * text. After `cap` bytes it calls `over` once and drops the rest (never an unbounded string).
 */
function lineSplitter(
  line: (l: string) => void,
  raw: (t: string) => void,
  cap: number,
  over: () => void,
): { data: (chunk: Buffer) => void; end: () => void } {
  let pending = '';
  let seen = 0;
  let skipping = false;
  return {
    data: (chunk) => {
      if (seen > cap) return;
      seen += chunk.length;
      if (seen > cap) {
        pending = '';
        return over();
      }
      const text = chunk.toString('utf8');
      raw(text);
      pending += text;
      if (skipping) {
        const end = pending.indexOf('\n');
        if (end < 0) return void (pending = '');
        pending = pending.slice(end + 1);
        skipping = false;
      }
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        line(pending.slice(0, nl).replace(/\r$/, ''));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
      if (pending.length > LIMITS.targetLineBytes) {
        // A line longer than the limit is handed on once (its start); the rest of it is skipped
        // up to its newline, so it makes one problem, not one per chunk.
        line(pending.slice(0, LIMITS.targetLineBytes));
        pending = '';
        skipping = true;
      }
    },
    end: () => {
      if (pending && !skipping) line(pending.replace(/\r$/, ''));
      pending = '';
    },
  };
}
