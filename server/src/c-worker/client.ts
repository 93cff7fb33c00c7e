// The main thread's side of the C checks' worker (worker.ts): started when the first C job
// comes (a header-only session never starts it), sent the open documents it lacks with each
// job (the editor's unsaved buffers), told to cancel on an edit or a close, stopped once no C
// document is open. The main thread only posts messages and receives findings as plain data.

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../../../src/core/diag/diagnostic';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import { ZERO_RANGE } from '../../../src/core/text/position';
import { uriToPath } from '../convert';
import type { CheckJob, DocsDelta, FromWorker, HoverJob, ToWorker, WorkerConfig } from './protocol';

/** The open documents as the main thread has them (TextDocuments). */
export interface DocumentSource {
  all(): { uri: string; version: number; getText(): string }[];
}

export interface CWorkerOptions {
  documents: DocumentSource;
  /** Whether an open document is one the worker may read through its overlay: headers (and any
   *  other file an include can name), not patch mails. C documents are sent with their own jobs. */
  mirrors: (uri: string) => boolean;
  /** Whether any C document is still open (else the worker is stopped when idle). */
  anyCOpen: () => boolean;
  log: (message: string) => void;
  config?: WorkerConfig;
  /** How long the worker may sit without a job before it is stopped (default C_WORKER_IDLE_MS). */
  idleMs?: number;
}

/** A worker holds its isolate and tree-sitter's wasm memory, which never shrinks (a 2 MB C file
 *  checked: the server at ~240 MB RSS; stopped: ~85). Restarting costs the next check ~0.3 s
 *  (bundle load, grammar compile), off the main thread: worth it after a pause, not between keystrokes. */
export const C_WORKER_IDLE_MS = 30_000;

type Outcome = Extract<FromWorker, { kind: 'checked' | 'hovered' }>;

interface Pending {
  uri: string;
  onSlice?: () => void;
  settle: (outcome: Outcome | { kind: 'failed'; message: string }) => void;
}

/** What the workers of this process did (tests: a header-only session starts none; a close of the
 *  last C document stops it; a cancelled job is stopped in the worker, not run to its end). */
const stats = { started: 0, alive: 0, cancelledInWorker: 0 };
const exitWaiters: (() => void)[] = [];
export const cWorkerStats = (): Readonly<typeof stats> => ({ ...stats });
/** Resolves when a worker of this process next exits. */
export const nextCWorkerExit = (): Promise<void> => new Promise((resolve) => exitWaiters.push(resolve));

export class CChecksWorker {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** URI -> version of each text the worker holds. */
  private readonly sent = new Map<string, number>();
  private idleTimer?: NodeJS.Timeout;

  constructor(private readonly opts: CWorkerOptions) {}

  /** The kernel checks of a C document (`checkCSource`, as `kpw check` runs them). Rejects with an
   *  AbortError when `signal` aborts; a worker that fails or dies gives one finding saying why. */
  check(
    job: Omit<CheckJob, 'kind' | 'id'>,
    signal: AbortSignal,
    onSlice?: () => void,
  ): Promise<Diagnostic[]> {
    return this.post({ ...job, kind: 'check' }, signal, onSlice).then((o) => {
      if (o.kind === 'checked') return o.findings;
      return [
        {
          code: 'check-internal-error',
          severity: 'error',
          file: job.file,
          range: ZERO_RANGE,
          message: `internal error: checking ${job.file} failed: ${o.kind === 'failed' ? o.message : 'no answer'}`,
        },
      ];
    });
  }

  /** The markdown of a hover on a C document, or null. */
  hover(job: Omit<HoverJob, 'kind' | 'id'>, signal?: AbortSignal): Promise<string | null> {
    return this.post({ ...job, kind: 'hover' }, signal).then((o) =>
      o.kind === 'hovered' ? o.markdown : null,
    );
  }

  /** A document was closed: the worker forgets its text; no C document left open stops it. */
  closed(uri: string): void {
    if (this.worker && this.sent.delete(uri)) this.send({ kind: 'docs', docs: [], closed: [uri] });
    this.stopIfIdle();
  }

  /** Stops the worker (the server shuts down). */
  dispose(): void {
    this.stop('the language server is shutting down');
  }

  private post(
    job: Omit<CheckJob, 'id'> | Omit<HoverJob, 'id'>,
    signal?: AbortSignal,
    onSlice?: () => void,
  ): Promise<Outcome | { kind: 'failed'; message: string }> {
    if (signal?.aborted) return Promise.reject(abortError());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const worker = this.ensure();
      if (!worker) {
        resolve({ kind: 'failed', message: 'the C checks could not start' });
        return;
      }
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.send({ kind: 'cancel', id });
        this.idle();
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        uri: job.uri,
        onSlice,
        settle: (outcome) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(outcome);
        },
      });
      clearTimeout(this.idleTimer);
      worker.ref();
      this.send({ ...job, id, ...this.delta(job.uri) } as ToWorker);
    });
  }

  /** The open documents the worker lacks (or holds an older version of), and those it should drop. */
  private delta(jobUri: string): DocsDelta {
    const docs: DocsDelta['docs'] = [];
    const open = new Set<string>();
    for (const d of this.opts.documents.all()) {
      if (d.uri !== jobUri && !this.sent.has(d.uri) && !this.opts.mirrors(d.uri)) continue;
      open.add(d.uri);
      if (this.sent.get(d.uri) === d.version) continue;
      const path = uriToPath(d.uri);
      if (!path) continue;
      this.sent.set(d.uri, d.version);
      docs.push({ uri: d.uri, path, version: d.version, text: d.getText() });
    }
    const closed = [...this.sent.keys()].filter((uri) => !open.has(uri));
    for (const uri of closed) this.sent.delete(uri);
    return { docs, closed };
  }

  private ensure(): Worker | undefined {
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      worker = startWorker(this.opts.config ?? {});
    } catch (err) {
      this.opts.log(`kpw: the C checks' worker could not start: ${(err as Error).message}`);
      return undefined;
    }
    stats.started++;
    stats.alive++;
    this.worker = worker;
    // Its console must not reach the server's stdout (the LSP stream): both go to the log.
    for (const stream of [worker.stdout, worker.stderr])
      stream.on('data', (chunk: Buffer) => this.opts.log(`kpw (C checks): ${String(chunk).trimEnd()}`));
    worker.on('message', (m: FromWorker) => this.receive(m));
    worker.on('error', (err) => this.lost(worker, `the C checks' worker failed: ${err.message}`));
    worker.on('exit', (code) => {
      stats.alive--;
      this.lost(worker, `the C checks' worker stopped (exit ${code})`);
      exitWaiters.splice(0).forEach((resolve) => resolve());
    });
    return worker;
  }

  private receive(m: FromWorker): void {
    const job = this.pending.get(m.id);
    if (!job) {
      if (m.kind === 'cancelled') stats.cancelledInWorker++;
      return;
    }
    if (m.kind === 'slice') {
      job.onSlice?.();
      return;
    }
    this.pending.delete(m.id);
    if (m.kind === 'cancelled') job.settle({ kind: 'failed', message: 'the job was dropped' });
    else job.settle(m);
    this.idle();
  }

  /** The worker ended or failed: every job waiting on it gets an answer saying so. */
  private lost(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.sent.clear();
    if (this.pending.size) this.opts.log(`kpw: ${why}`);
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) job.settle({ kind: 'failed', message: why });
  }

  /** Nothing waiting: the worker no longer keeps the process alive; it stops now when no C document
   *  is open, else after idleMs without a job. */
  private idle(): void {
    if (this.pending.size) return;
    this.worker?.unref();
    this.stopIfIdle();
    if (!this.worker) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (!this.pending.size) this.stop('idle');
    }, this.opts.idleMs ?? C_WORKER_IDLE_MS);
    this.idleTimer.unref();
  }

  private stopIfIdle(): void {
    if (!this.pending.size && !this.opts.anyCOpen()) this.stop('no C document is open');
  }

  private stop(why: string): void {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    if (!worker) return;
    this.lost(worker, why);
    void worker.terminate();
  }

  private send(m: ToWorker): void {
    this.worker?.postMessage(m);
  }
}

function abortError(): Error {
  const err = new Error('the work was cancelled');
  err.name = 'AbortError';
  return err;
}

/** The worker from the bundle next to this one (dist/c-worker.js), or from the sources (tests, run
 *  under tsx: the worker registers tsx's require hook first). */
function startWorker(config: WorkerConfig): Worker {
  // A worker inherits the process's execArgv. From a server started from its startup snapshot
  // (src/launch/snapshot.ts) that includes `--snapshot-blob`, and the worker fails to start from it;
  // a list given explicitly may hold no V8 flags either (Node refuses the worker), and the server's
  // flags are all V8 flags (src/extension/server-flags.ts), process-wide anyway: so none then.
  const options = {
    workerData: config,
    stdout: true,
    stderr: true,
    execArgv: workerExecArgv(process.execArgv),
  };
  const bundled = join(__dirname, 'c-worker.js');
  if (nodeFileHost.fileExists(bundled)) return new Worker(bundled, options);
  const source = join(__dirname, 'worker.ts');
  if (!nodeFileHost.fileExists(source)) throw new Error(`${bundled} not found`);
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { ...options, eval: true });
}

/** undefined (inherit the process's) unless the process started from a snapshot: then none. */
export function workerExecArgv(execArgv: readonly string[]): string[] | undefined {
  return execArgv.some((a) => a === '--snapshot-blob' || a.startsWith('--snapshot-blob=')) ? [] : undefined;
}
