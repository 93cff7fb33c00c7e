// Spawns one local program with an argument array (never a shell string),
// streams its output line by line, and stops it on timeout or cancellation.
// Resolves on exit once stdout has ended; stderr may be held open by an ssh
// ControlPersist master, so it is not waited for.

import { spawn } from 'node:child_process';
import { MAX_PROBE_LINE_CHARS, STDOUT_GRACE_MS } from '../limits';

export interface SpawnOptions {
  input?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  onStdoutLine?(line: string): void;
  onStderrLine?(line: string): void;
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
      if (!exited) child.kill('SIGTERM');
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
    );
    const stderrLines = lineSplitter(
      (l) => options.onStderrLine?.(l),
      (t) => (out.stderr += t),
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

/** Calls `line` for each complete line, and at the end for a last unterminated one; `raw` gets all text. */
function lineSplitter(
  line: (l: string) => void,
  raw: (t: string) => void,
): { data: (chunk: Buffer) => void; end: () => void } {
  let pending = '';
  return {
    data: (chunk) => {
      const text = chunk.toString('utf8');
      raw(text);
      pending += text;
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        line(pending.slice(0, nl).replace(/\r$/, ''));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
      if (pending.length > MAX_PROBE_LINE_CHARS) {
        line(pending);
        pending = '';
      }
    },
    end: () => {
      if (pending) line(pending.replace(/\r$/, ''));
      pending = '';
    },
  };
}
