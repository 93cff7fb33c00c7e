// One full garbage collection where a CLI run knows a phase's garbage is large: V8 ran its
// last full collection early in a big `kpw check` (10,000 structs, 7 ABIs) and then let the
// heap grow until exit, so the builds' dead intermediates were still counted in the peak RSS
// while the checks allocated more (306 -> 260 MB measured, ~1% CPU). Small runs never pay it.

import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** V8's gc(), reached without --expose-gc on the command line (a new context sees the flag). */
function gcFunction(): (() => void) | null {
  if (gc !== undefined) return gc;
  try {
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('gc');
    gc = typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    gc = null;
  }
  return gc;
}

/** The heap in use now (bytes): the mark collectIfGrown compares with. */
export function heapMark(): number {
  return getHeapStatistics().used_heap_size;
}

/**
 * A full collection when the heap grew by more than `bytes` since `mark` (a unit's
 * builds left that much behind, mostly dead); nothing otherwise, and nothing when
 * gc() cannot be had.
 */
export function collectIfGrown(mark: number, bytes = 96 * 2 ** 20): boolean {
  if (heapMark() - mark <= bytes) return false;
  const fn = gcFunction();
  if (!fn) return false;
  fn();
  return true;
}
