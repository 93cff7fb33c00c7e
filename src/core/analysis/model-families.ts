// Families of a header model's main files, with the model's record bodies
// telling which #defines are member values (written inside a struct) rather
// than family members. The entry point hovers and the number checks share.

import { resolve } from 'node:path';
import type { HeaderModel } from '../model/header-model';
import type { DefineValue } from '../model/define-values';
import { inferFamilies } from './families';
import type { NumberFamily } from './context';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../steps';

const memo = new WeakMap<HeaderModel, NumberFamily[]>();

/** Families inferred from the model's main files' #defines (memoized per model). */
export function modelFamilies(model: HeaderModel): NumberFamily[] {
  return memo.get(model) ?? runSync(modelFamiliesSteps(model));
}

/** The same in steps (the number checks run it first, runCheckSteps): the values evaluated in
 *  steps, then the records' spans read CHECKPOINT_EVERY at a time (16,000 structs were one pass). */
export function* modelFamiliesSteps(model: HeaderModel): Steps<NumberFamily[]> {
  const done = memo.get(model);
  if (done) return done;
  yield* model.defines.evaluateSteps();
  const insideRecord = yield* insideRecordTestSteps(model);
  yield;
  const out = memo.get(model) ?? inferFamilies(model.defines.all(), { insideRecord });
  memo.set(model, out);
  return out;
}

/** The define of a family member on this model, for its location and body. */
export function defineOf(model: HeaderModel, name: string): DefineValue | undefined {
  return model.defines.get(name);
}

function* insideRecordTestSteps(model: HeaderModel): Steps<(file: string, line: number) => boolean> {
  // Record locations repeat a handful of file names: resolve each name once.
  const resolved = new Map<string, string>();
  const abs = (f: string): string => {
    let r = resolved.get(f);
    if (r === undefined) resolved.set(f, (r = resolve(f)));
    return r;
  };
  const mains = new Set(model.mainFiles);
  const spans = new Map<string, [number, number][]>();
  const records = model.typeEnv.allRecords();
  for (let i = 0; i < records.length; i++) {
    if ((i & (CHECKPOINT_EVERY - 1)) === CHECKPOINT_EVERY - 1) yield;
    const rec = records[i];
    const file = abs(rec.loc.file);
    // Only the main files' defines are ever asked about.
    if (!mains.has(file)) continue;
    const list = spans.get(file) ?? [];
    list.push([rec.loc.range.start.line, rec.loc.range.end.line]);
    spans.set(file, list);
  }
  const inside = new Map<string, (line: number) => boolean>();
  for (const [file, list] of spans) {
    yield;
    inside.set(file, insideAnySpan(list));
  }
  return (file, line) => inside.get(abs(file))?.(line) ?? false;
}

/** Whether a line is strictly inside one of `spans` ([first, last] lines): the spans by first line
 *  with the furthest last line so far, so a line is inside when the spans starting above it reach
 *  below it (a binary search; a walk over every span per asked line was records x defines: 16,000
 *  of each, 256M comparisons). */
export function insideAnySpan(spans: readonly (readonly [number, number])[]): (line: number) => boolean {
  const sorted = [...spans].sort((x, y) => x[0] - y[0]);
  const starts = sorted.map(([a]) => a);
  const reach: number[] = [];
  for (const [, b] of sorted) reach.push(Math.max(b, reach[reach.length - 1] ?? -Infinity));
  return (line) => {
    // The spans starting strictly above the line: [0, lo).
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] < line) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && reach[lo - 1] > line;
  };
}
