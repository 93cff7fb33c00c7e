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
  const out: Diagnostic[] = [];
  for (const copy of copies) {
    const failure = copy.inCondition as NonNullable<FlowCall['inCondition']>;
    if (fn.calls.some((c) => c.at >= failure.thenAt && c.at < failure.thenEnd && RESTORE.test(c.callee)))
      continue;
    // The item copied must be the one removed (or be filled from it), on the same path (switch arm).
    const removal = removals
      .filter((r) => r.at < copy.at && (r.arm === -1 || r.arm === copy.arm) && linked(fn, r, copy))
      .pop();
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
