// Where a header's findings land in a patch, before they are mapped to its lines: the hint
// about a missing base tree on the first unknown type (hunks mode), and compat-* findings on
// unchanged lines moved to the nearest line the mail added. In steps: a patch creating a 1 MB
// one-line header has 60,000 findings, whose passes in one go held the language server ~50 ms.

import type { Diagnostic } from '../diag/diagnostic';
import type { ImageRef } from './map-findings';
import { CHECKPOINT_EVERY, type Steps } from '../steps';

const MASK = CHECKPOINT_EVERY - 1;
const UNKNOWN_TYPE = /unknown type name '/;

/** `found` with the base hint (when `hint`) and compat-* findings moved onto added lines. */
export function* placeFindingsSteps(
  found: readonly Diagnostic[],
  ref: ImageRef,
  tag: number,
  hint: boolean,
): Steps<Diagnostic[]> {
  const hinted = hint ? yield* withBaseHint(found) : found;
  return yield* onAddedLines(hinted, ref, tag);
}

/** Without a base, a hunk's types (`__u8`) come from includes it lacks: the first such finding says what helps. */
function* withBaseHint(found: readonly Diagnostic[]): Steps<readonly Diagnostic[]> {
  for (let i = 0; i < found.length; i++) {
    if ((i & MASK) === MASK) yield;
    const d = found[i];
    if (!UNKNOWN_TYPE.test(d.message)) continue;
    // One finding changes: a copy of the list with it replaced (the others are the same objects).
    const out = found.slice();
    out[i] = {
      ...d,
      message: `${d.message} (without a base tree only the patch's hunks are analyzed, without their includes: give the tree the patch applies to, --base DIR or a git ref, or an include dir with linux/types.h, -I DIR)`,
    };
    return out;
  }
  return found;
}

/** A compat-* finding is this mail's doing even when it lands on an unchanged line (a removed
 *  member, a struct whose size changed): it moves to the nearest line this mail added (the
 *  lower of two as near). */
function* onAddedLines(found: readonly Diagnostic[], ref: ImageRef, tag: number): Steps<Diagnostic[]> {
  const added: number[] = [];
  for (let i = 0; i < ref.lines.length; i++) {
    if ((i & MASK) === MASK) yield;
    if (ref.lines[i].added?.mail === tag) added.push(i);
  }
  if (added.length === 0) return found.slice();
  const out: Diagnostic[] = [];
  for (let i = 0; i < found.length; i++) {
    if ((i & MASK) === MASK) yield;
    const d = found[i];
    if (
      !d.code.startsWith('compat-') ||
      d.file !== ref.absPath ||
      ref.lines[d.range.start.line]?.added?.mail === tag
    ) {
      out.push(d);
      continue;
    }
    const line = nearest(added, d.range.start.line);
    const range = { start: { line, character: 0 }, end: { line, character: ref.lines[line].text.length } };
    out.push({ ...d, range, message: `${d.message} (line ${d.range.start.line + 1} of the result)` });
  }
  return out;
}

/** The element of the ascending `sorted` nearest to `x`, the lower one on a tie (a binary search:
 *  a walk over every added line per finding was quadratic). */
export function nearest(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return sorted[0];
  if (lo === sorted.length) return sorted[lo - 1];
  return x - sorted[lo - 1] <= sorted[lo] - x ? sorted[lo - 1] : sorted[lo];
}
