// Gives memory back when the server falls quiet: a second after the last diagnostics were
// published, full garbage collections. V8 grows its heap while edits keep it busy and only
// shrinks it by its own timer (seconds later, if at all, under Node), so an editor sitting on an
// open header kept the peak of its last burst of rebuilds (138 MB for vfio.h, of which ~15 MB live).

export interface IdleRelease {
  /** Called after each publication: (re)arms the release. */
  published(): void;
  /** Called on each request from the client: an armed release waits `quietMs` from now (a user
   *  hovering is not quiet; a forced full collection is one pause, up to ~140 ms measured). */
  postpone(): void;
}

/** What the release asks before each pass. */
export interface IdleChecks {
  /** Work pending (a rebuild waiting or under way): the pass is skipped. */
  busy: () => boolean;
  /** Other callbacks queued for this turn of the event loop (a request being dispatched or
   *  answered): the pass waits `gapMs` and asks again, so the answer goes out first. */
  queued?: () => boolean;
}

/**
 * After `quietMs` without a publication or a request, runs `collect` `passes` times, `gapMs` apart,
 * each unless `busy()` says work is pending. Two passes: the first frees the objects, the second
 * (once the sweeper has run) compacts the pages they left sparse and frees the external strings
 * they held (vfio.h in the bench: 105 MB after one pass, ~90 after two). A pass runs in a turn of
 * its own after the timer (setImmediate: a request read from the client in the same turn of the
 * event loop is dispatched and answered first), and while `queued()` says other callbacks are
 * waiting it waits `gapMs` more, up to `quietMs` in all.
 */
export function idleRelease(
  collect: () => void,
  checks: IdleChecks | (() => boolean),
  { quietMs = 1000, passes = 2, gapMs = 50, turn = nextTurn } = {},
): IdleRelease {
  const { busy, queued = () => false } = typeof checks === 'function' ? { busy: checks } : checks;
  let timer: NodeJS.Timeout | undefined;
  let inTurn: (() => void) | undefined;
  let armedPasses = 0;
  const pass = (left: number, waited: number) => {
    timer = undefined;
    let ran = false;
    const cancelTurn = turn(() => {
      ran = true;
      inTurn = undefined;
      if (left <= 0 || busy()) return;
      if (queued() && waited < quietMs) return arm(() => pass(left, waited + gapMs), gapMs);
      collect();
      armedPasses = left - 1;
      if (left > 1) arm(() => pass(left - 1, 0), gapMs);
    });
    if (!ran) inTurn = cancelTurn;
  };
  const arm = (f: () => void, ms: number) => {
    timer = setTimeout(f, ms);
    timer.unref();
  };
  const cancel = () => {
    clearTimeout(timer);
    inTurn?.();
    timer = inTurn = undefined;
  };
  return {
    published() {
      cancel();
      armedPasses = passes;
      arm(() => pass(armedPasses, 0), quietMs);
    },
    postpone() {
      // Only a release still waiting out its quiet spell is moved; none is armed by a request.
      if (!timer && !inTurn) return;
      cancel();
      arm(() => pass(armedPasses, 0), quietMs);
    },
  };
}

/** Runs `f` in a turn of the event loop of its own (setImmediate); returns its cancel. Not unref'd:
 *  an unref'd immediate does not stop the event loop from blocking for I/O, so it ran only when
 *  something else woke the server (measured: the collection 0.5-1.5 s late). */
function nextTurn(f: () => void): () => void {
  const immediate = setImmediate(f);
  return () => clearImmediate(immediate);
}

/** V8's full collection, when the process was started with --expose-gc (SERVER_NODE_FLAGS).
 *  Not switched on at run time: that changes V8's flag hash and so invalidates the code cache.
 *  (gc()'s options of newer V8, e.g. a last-resort flavor, collected nothing in Node 20's.) */
export function fullCollection(): (() => void) | undefined {
  return (globalThis as { gc?: () => void }).gc;
}
