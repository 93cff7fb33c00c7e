// How long tree-sitter may work on one unit before we give up on it. Its error
// recovery is very slow on large, heavily damaged input; the hand parser is not,
// so a parse that falls behind pace is cancelled and the hand parser takes over.

import { PARSE_BUDGET } from '../../limits';

/** A time budget proportional to the text parsed so far, on top of a floor. */
export interface ParseBudget {
  /** Milliseconds always allowed (covers start-up and wasm warm-up). */
  floorMs: number;
  /** Milliseconds allowed per 100 KB (102,400 UTF-16 code units) reached. */
  msPer100KB: number;
}

/** A clean parse runs at about 3-6 ms per 100 KB on one loaded core; error recovery
 *  on damaged input costs tens of ms per damaged spot. Ample for any clean header. */
export const DEFAULT_PARSE_BUDGET: ParseBudget = PARSE_BUDGET;

/** A progress check for tree-sitter: true (cancel) once the elapsed time exceeds the
 *  budget for the position reached. Pace-based, so a parse that falls far behind is
 *  stopped early rather than at the end; the total never exceeds floor + rate * size.
 *  `byteOffset` is tree-sitter's, in bytes of UTF-16 text (two per code unit). */
export function budgetCheck(
  budget: ParseBudget,
  now: () => number = () => performance.now(),
): (byteOffset: number) => boolean {
  const start = now();
  const perByte = budget.msPer100KB / (2 * 102400);
  return (byteOffset) => now() - start > budget.floorMs + perByte * byteOffset;
}
