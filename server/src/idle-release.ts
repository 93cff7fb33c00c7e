// Gives memory back when the server falls quiet: a second after the last diagnostics were
// published, one full garbage collection. V8 grows its heap while edits keep it busy and only
// shrinks it by its own timer (seconds later, if at all, under Node), so an editor sitting on an
// open header kept the peak of its last burst of rebuilds (138 MB for vfio.h, of which ~26 MB live).

export interface IdleRelease {
  /** Called after each publication: (re)arms the release. */
  published(): void;
}

/** After `quietMs` without a publication, runs `collect` once, unless `busy()` says work is pending. */
export function idleRelease(collect: () => void, busy: () => boolean, quietMs = 1000): IdleRelease {
  let timer: NodeJS.Timeout | undefined;
  return {
    published() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        if (!busy()) collect();
      }, quietMs);
      timer.unref();
    },
  };
}

/** V8's full collection, when the process was started with --expose-gc (SERVER_NODE_FLAGS).
 *  Not switched on at run time: that would change V8's flag hash, and the code cache with it. */
export function fullCollection(): (() => void) | undefined {
  return (globalThis as { gc?: () => void }).gc;
}
