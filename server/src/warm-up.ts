// One rehearsal of the first header's build and checks once the server falls idle after its first
// publication, the result dropped: the server starts with V8's interrupt budget at 1M (launch.ts: no
// TurboFan compile beside the open's own work), then V8's own; the rehearsal runs the hot functions
// again under it, so they are optimized before the user's first edit instead of during it.

export interface WarmUp {
  /** Called after each publication of `uri`: the first arms the rehearsal. */
  published(uri: string): void;
  /** Any request or edit: a pending rehearsal is dropped, one under way is cancelled. */
  cancel(): void;
}

/**
 * After `quietMs` without a request or edit since the first publication, runs `rehearse(uri)` once,
 * unless `busy()` (then it is dropped: the rebuild under way warms the same functions). `done` runs
 * after it ends or is cancelled (the idle release re-arms there, so its collection comes after).
 */
export function warmUp(
  rehearse: (uri: string, signal: AbortSignal) => Promise<void>,
  { busy, done, quietMs = 300 }: { busy: () => boolean; done: () => void; quietMs?: number },
): WarmUp {
  let armed = true;
  let timer: NodeJS.Timeout | undefined;
  let controller: AbortController | undefined;
  return {
    published(uri) {
      if (!armed) return;
      armed = false;
      timer = setTimeout(() => {
        timer = undefined;
        if (busy()) return;
        controller = new AbortController();
        const signal = controller.signal;
        rehearse(uri, signal)
          .catch(() => undefined) // a rehearsal's failure is the next real build's to report
          .finally(() => {
            if (controller?.signal === signal) controller = undefined;
            done();
          });
      }, quietMs);
      timer.unref();
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      controller?.abort();
      controller = undefined;
    },
  };
}
