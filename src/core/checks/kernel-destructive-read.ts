// kernel-destructive-read (uapi-rules 15): an item removed from a queue or list
// (a dequeue/pop call, a counter decremented, list_del) before a copy to
// userspace that can fail: when the copy faults the item is gone. Quiet when the
// failure path puts the item back, or a comment in the function says it is lost.

import type { Diagnostic } from '../diag/diagnostic';
import type { FlowCall, FlowFunction, FlowWrite } from '../parser/tree-sitter/c-flow';
import { COPY_OUT, functionNamed, type KernelCheck, type KernelCheckContext } from '../kernel/types';

export const kernelDestructiveRead: KernelCheck = {
  id: 'kernel-destructive-read',
  summary: 'An item is dequeued before a copy_to_user() that can fail: a faulting user buffer loses it',
  defaultSeverity: 'warning',
  *units(ctx) {
    for (const fn of ctx.flow.functions) yield check(ctx, fn);
  },
};

/** Names of calls that remove what they return. */
const DESTRUCTIVE_CALL =
  /(^|_)(dequeue|pop|take|consume|drain|get_pending|get_next_event|fetch_and_clear|read_and_clear)(_|$)|^(list_del(_init)?|llist_del_first|kfifo_get|kfifo_out(_locked|_spinlocked)?|skb_dequeue(_tail)?|xchg)$/;
/** Counters whose decrement (or index whose increment) consumes an entry. */
const CONSUMING_WRITE = (w: FlowWrite): boolean =>
  /[.>]/.test(w.target) &&
  (((w.op === '--' || w.op === '-=') && /(count|pending|nr|num|len|avail|used)\w*$/i.test(w.target)) ||
    ((w.op === '++' || w.op === '+=') && /(head|rd|read|consumer|out)\w*$/i.test(w.target)));
/** Calls on a failure path that put an item back. */
const RESTORE =
  /requeue|push_front|push_head|unget|put_back|putback|restore|undo|kfifo_in|list_add|llist_add/;
/** A comment that documents the loss (rule 15: "it must at least be documented"). */
const DOCUMENTED = /\b(lost|lose|loses|dropped|discarded)\b/i;

interface Removal {
  what: string;
  at: number;
  loc: FlowCall['loc'];
  arm: number;
  /** What receives the removed item: `&x` arguments of a call, the object a counter belongs to. */
  into: string[];
}

function check(ctx: KernelCheckContext, fn: FlowFunction): Diagnostic[] {
  const copies = fn.calls.filter((c) => COPY_OUT.has(c.callee) && canFail(c));
  if (copies.length === 0 || fn.comments.some((c) => DOCUMENTED.test(c.text))) return [];
  const removals = removalsIn(ctx, fn);
  // Indexed once per function: a switch of 6,000 cases, each a copy, walked every call per copy
  // (~260 ms in one step of the language server).
  const restores = fn.calls
    .filter((c) => RESTORE.test(c.callee))
    .map((c) => c.at)
    .sort((a, b) => a - b);
  // Indices into removals per arm (ascending, as removals is sorted by position).
  const byArm = new Map<number, number[]>();
  removals.forEach((r, k) => {
    const list = byArm.get(r.arm);
    if (list) list.push(k);
    else byArm.set(r.arm, [k]);
  });
  const out: Diagnostic[] = [];
  for (const copy of copies) {
    const failure = copy.inCondition as NonNullable<FlowCall['inCondition']>;
    const next = restores[firstAtOrAfter(restores, failure.thenAt, (at) => at)];
    if (next !== undefined && next < failure.thenEnd) continue;
    // The item copied must be the one removed (or be filled from it), on the same path (switch arm).
    const anyArm = copy.arm === -1 ? [] : (byArm.get(-1) ?? []);
    const removal = lastRemoval(fn, copy, removals, byArm.get(copy.arm) ?? [], anyArm);
    if (!removal) continue;
    const line = (l: FlowCall['loc']): number => l.range.start.line + 1;
    out.push({
      code: kernelDestructiveRead.id,
      severity: kernelDestructiveRead.defaultSeverity,
      file: ctx.file,
      range: removal.loc.range,
      message:
        `${removal.what} at line ${line(removal.loc)} removes the item before ${copy.callee}() at line ${line(copy.loc)}, ` +
        `which can fail: on a faulting user buffer the item is lost. Copy first and remove only after the copy succeeded, ` +
        `put it back on failure, or document the loss`,
      related: [{ file: ctx.file, range: copy.loc.range, message: `${copy.callee}() can fail here` }],
    });
  }
  return out;
}

/** The index of the first item of `sorted` (ascending by `at`) whose position is >= `pos`. */
function firstAtOrAfter<T>(sorted: readonly T[], pos: number, at: (t: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(sorted[mid]) < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last removal before `copy` of its arm or of no arm (`arm` and `anyArm`: ascending indices
 *  into `removals`) that is linked to it: the one a filter over all removals in order ended on. */
function lastRemoval(
  fn: FlowFunction,
  copy: FlowCall,
  removals: readonly Removal[],
  arm: readonly number[],
  anyArm: readonly number[],
): Removal | undefined {
  const at = (k: number): number => removals[k].at;
  let i = firstAtOrAfter(arm, copy.at, at) - 1;
  let j = firstAtOrAfter(anyArm, copy.at, at) - 1;
  while (i >= 0 || j >= 0) {
    // The later in the list first (removals' order).
    const k = j < 0 || (i >= 0 && arm[i] > anyArm[j]) ? arm[i--] : anyArm[j--];
    if (linked(fn, removals[k], copy)) return removals[k];
  }
  return undefined;
}

/** A copy whose result is tested (`if (copy_to_user(...)) return -EFAULT;`) is one the code expects can fail. */
function canFail(c: FlowCall): boolean {
  return !!c.inCondition;
}

const base = (expr: string | undefined): string | undefined =>
  /^\(?\s*&?\s*\(?\s*([A-Za-z_]\w*)/.exec(expr ?? '')?.[1];

/** Whether the copy's source is what the removal filled, directly or through member assignments between them. */
function linked(fn: FlowFunction, r: Removal, copy: FlowCall): boolean {
  const source = base(copy.args[COPY_OUT.get(copy.callee) ?? 1]);
  if (!source) return false;
  if (r.into.includes(source)) return true;
  const mentions = (text: string | undefined): boolean =>
    r.into.some((n) => new RegExp(`\\b${n}\\b`).test(text ?? ''));
  return fn.writes.some(
    (w) => w.at > r.at && w.at < copy.at && base(w.target) === source && mentions(w.value),
  );
}

function removalsIn(ctx: KernelCheckContext, fn: FlowFunction): Removal[] {
  const out: Removal[] = [];
  for (const c of fn.calls) {
    const into = c.args
      .filter((a) => /^\(?\s*&/.test(a))
      .map(base)
      .filter((n): n is string => !!n);
    const what = DESTRUCTIVE_CALL.test(c.callee)
      ? `${c.callee}()`
      : consumesInFile(ctx, c.callee, 0)
        ? `${c.callee}() (it consumes an entry)`
        : undefined;
    if (what) out.push({ what, at: c.at, loc: c.loc, arm: c.arm, into });
  }
  for (const w of fn.writes) {
    const owner = base(w.target);
    if (CONSUMING_WRITE(w) && owner)
      out.push({ what: `'${w.target}${w.op}'`, at: w.at, loc: w.loc, arm: w.arm, into: [owner] });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Whether a function defined in the same file (two levels at most) removes an entry. */
function consumesInFile(ctx: KernelCheckContext, name: string, depth: number): boolean {
  const fn = functionNamed(ctx.flow, name);
  if (!fn || depth > 1) return false;
  return (
    fn.writes.some(CONSUMING_WRITE) ||
    fn.calls.some((c) => DESTRUCTIVE_CALL.test(c.callee) || consumesInFile(ctx, c.callee, depth + 1))
  );
}
