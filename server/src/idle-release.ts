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
 *  Not switched on at run time: that changes V8's flag hash and so invalidates the code cache.
 *  (gc()'s options of newer V8, e.g. a last-resort flavor, collected nothing in Node 20's.) */
export function fullCollection(): (() => void) | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Twice: the first frees the objects, the second (once the sweeper has run) compacts the pages
  // they left sparse and frees the external strings they held (vfio.h in the bench: 105 -> ~92 MB).
  return gc && (() => (gc(), setTimeout(gc, 50).unref()));
}
