// Gives memory back when the server falls quiet: a second after the last diagnostics were
// published, full garbage collections. V8 grows its heap while edits keep it busy and only
// shrinks it by its own timer (seconds later, if at all, under Node), so an editor sitting on an
// open header kept the peak of its last burst of rebuilds (138 MB for vfio.h, of which ~15 MB live).

export interface IdleRelease {
  /** Called after each publication: (re)arms the release. */
  published(): void;
}

/**
 * After `quietMs` without a publication, runs `collect` `passes` times, `gapMs` apart, each
 * unless `busy()` says work is pending. Two passes: the first frees the objects, the second
 * (once the sweeper has run) compacts the pages they left sparse and frees the external strings
 * they held (vfio.h in the bench: 105 MB after one pass, ~90 after two).
 */
export function idleRelease(
  collect: () => void,
  busy: () => boolean,
  { quietMs = 1000, passes = 2, gapMs = 50 } = {},
): IdleRelease {
  let timer: NodeJS.Timeout | undefined;
  const pass = (left: number) => {
    timer = undefined;
    if (left <= 0 || busy()) return;
    collect();
    if (left > 1) arm(() => pass(left - 1), gapMs);
  };
  const arm = (f: () => void, ms: number) => {
    timer = setTimeout(f, ms);
    timer.unref();
  };
  return {
    published() {
      clearTimeout(timer);
      arm(() => pass(passes), quietMs);
    },
  };
}

/** V8's full collection, when the process was started with --expose-gc (SERVER_NODE_FLAGS).
 *  Not switched on at run time: that changes V8's flag hash and so invalidates the code cache.
 *  (gc()'s options of newer V8, e.g. a last-resort flavor, collected nothing in Node 20's.) */
export function fullCollection(): (() => void) | undefined {
  return (globalThis as { gc?: () => void }).gc;
}
