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

/** How many turns of the event loop a slice lets go first at most (yieldTurn). A request read from
 *  the client takes 3-4 (vscode-jsonrpc queues its dispatch, its handling and the write of the answer
 *  each with setImmediate); the bound keeps a foreign loop of setImmediate from starving a build. */
export const MAX_DEFERRALS = 16;

/** Turns of runSliced builds queued (setImmediate) and not yet run: Node counts them among the
 *  'Immediate' resources, but one build must not wait for another's turn (two builds would each
 *  wait for the other up to the bound on every slice). */
let buildTurnsQueued = 0;

function oneTurn(): Promise<void> {
  buildTurnsQueued++;
  return new Promise<void>((resolve) =>
    setImmediate(() => {
      buildTurnsQueued--;
      resolve();
    }),
  );
}

/** Callbacks queued with setImmediate other than builds' turns (Node lists each as 'Immediate' in
 *  getActiveResourcesInfo; the one running is no longer counted): in the language server, a request
 *  being dispatched or answered. */
export function otherImmediatesQueued(): boolean {
  let immediates = 0;
  for (const r of process.getActiveResourcesInfo()) if (r === 'Immediate') immediates++;
  return immediates > buildTurnsQueued;
}

/** Gives the event loop a turn between two slices and lets whatever else is queued go first: a
 *  request read from the client meanwhile is dispatched and answered in setImmediate callbacks queued
 *  behind the build's own turn. Yielding once ran one slice (~10 ms CPU, stretched by GC and by a
 *  loaded machine) before the dispatch and another before the answer was written (measured: read ->
 *  3 slices -> write, waits of 80-200 ms at load 4); now the build waits while other callbacks are
 *  queued, at most MAX_DEFERRALS turns (each costs microseconds when nothing else is queued). */
export async function yieldTurn(): Promise<void> {
  for (let turn = 1; ; turn++) {
    await oneTurn();
    if (turn >= MAX_DEFERRALS || !otherImmediatesQueued()) return;
  }
}

/** Runs `steps` in slices of about `sliceMs` (default SLICE_MS), yielding to the event loop between them
 *  (yieldTurn: other queued callbacks first), so I/O (other requests) is served in between. Rejects with
 *  an AbortError when `signal` aborts. */
export async function runSliced<T>(steps: Steps<T>, options: SliceOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  let slices = 0;
  slicedRunning++;
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
      await yieldTurn();
    }
  } finally {
    slicedRunning--;
    // Runs the generators' finally blocks when the work was abandoned (a no-op when it finished).
    steps.return(undefined as T);
  }
}

let slicedRunning = 0;

/** How many runSliced works are under way (started, not yet finished or aborted): the language
 *  server forces no garbage collection meanwhile (server/src/idle-release.ts). */
export function slicedWorkRunning(): number {
  return slicedRunning;
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
