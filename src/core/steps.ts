// Resumable long work: a build written as a generator yields at checkpoints in
// its long loops, and is driven either to the end at once (the CLI) or in time
// slices with an AbortSignal (the language server, which must answer other
// requests in between). One function, two drivers: both faces get one answer.

/** Work that yields at checkpoints and returns T. A yield carries nothing: it only says "I may pause here". */
export type Steps<T> = Generator<void, T, void>;

/** Iterations of a hot loop between two checkpoints: coarse enough that the sync driver costs nothing
 *  measurable, fine enough that a slice of ~10 ms ends within a fraction of a millisecond of its
 *  deadline (a loop iteration is well under a microsecond). A power of two, used as a mask. */
export const CHECKPOINT_EVERY = 1024;

/** Runs `steps` to the end without pausing (the CLI). */
export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs steps for a caller that awaits them: the caller of an async analysis chooses (the CLI runs
 *  each build at once, driveSync; the language server in slices, `(s) => runSliced(s, { signal })`). */
export type Drive = <T>(steps: Steps<T>) => Promise<T>;

/** The default Drive: runSync, the answer at once. */
export const driveSync: Drive = async (steps) => runSync(steps);

export interface SliceOptions {
  /** Aborting stops the work at its next checkpoint: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** How long one slice may run before the event loop gets a turn (default SLICE_MS). */
  sliceMs?: number;
  /** Called after each slice (progress reports). */
  onSlice?: (slices: number) => void;
  /** Filled with the milliseconds spent in the work itself (not waiting between slices). */
  stats?: { busyMs: number };
}

/** The default slice. A request to the language server needs two turns of the event loop
 *  (vscode-jsonrpc queues the message with setImmediate, and writes the answer through a
 *  semaphore that does too), so it waits about two slices: measured with a 1 MB one-line header
 *  building, a hover waited p50 ~95 ms with 20 ms slices, ~50 ms with 10 ms (load 8 on 2 cores),
 *  and the build took no longer. */
export const SLICE_MS = 10;

/** Runs `steps` in slices of about `sliceMs` (default SLICE_MS), yielding to the event loop (setImmediate) between them,
 *  so I/O (other requests) is served in between. Rejects with an AbortError when `signal` aborts. */
export async function runSliced<T>(steps: Steps<T>, options: SliceOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  let slices = 0;
  try {
    for (;;) {
      throwIfAborted(options.signal);
      const started = performance.now();
      const deadline = started + sliceMs;
      for (;;) {
        const r = steps.next();
        if (r.done) {
          if (options.stats) options.stats.busyMs += performance.now() - started;
          return r.value;
        }
        if (performance.now() >= deadline) break;
      }
      if (options.stats) options.stats.busyMs += performance.now() - started;
      options.onSlice?.(++slices);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    // Runs the generators' finally blocks when the work was abandoned (a no-op when it finished).
    steps.return(undefined as T);
  }
}

/** An abort as an Error whose name is AbortError (what fetch and node's timers throw). */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const err = new Error('the work was cancelled');
  err.name = 'AbortError';
  throw err;
}
