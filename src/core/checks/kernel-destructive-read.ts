// kernel-destructive-read (uapi-rules 15): an item removed from a queue or list
// (a dequeue/pop call, a counter decremented, list_del) before a copy to
// userspace that can fail: when the copy faults the item is gone. Quiet when the
// failure path puts the item back, or a comment in the function says it is lost.

import type { Diagnostic } from '../diag/diagnostic';
import type { FlowCall, FlowFunction, FlowWrite } from '../parser/c-flow';
import { COPY_OUT, type KernelCheck, type KernelCheckContext } from '../kernel/types';

export const kernelDestructiveRead: KernelCheck = {
  id: 'kernel-destructive-read',
  summary: 'An item is dequeued before a copy_to_user() that can fail: a faulting user buffer loses it',
  defaultSeverity: 'warning',
  run: (ctx) => ctx.flow.functions.flatMap((fn) => check(ctx, fn)),
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
    const removal = removals.filter((r) => r.at < copy.at).pop();
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

function removalsIn(ctx: KernelCheckContext, fn: FlowFunction): Removal[] {
  const out: Removal[] = [];
  for (const c of fn.calls) {
    if (DESTRUCTIVE_CALL.test(c.callee)) out.push({ what: `${c.callee}()`, at: c.at, loc: c.loc });
    else if (consumesInFile(ctx, c.callee, 0))
      out.push({ what: `${c.callee}() (it consumes an entry)`, at: c.at, loc: c.loc });
  }
  for (const w of fn.writes)
    if (CONSUMING_WRITE(w)) out.push({ what: `'${w.target}${w.op}'`, at: w.at, loc: w.loc });
  return out.sort((a, b) => a.at - b.at);
}

/** Whether a function defined in the same file (two levels at most) removes an entry. */
function consumesInFile(ctx: KernelCheckContext, name: string, depth: number): boolean {
  const fn = ctx.flow.functions.find((f) => f.name === name);
  if (!fn || depth > 1) return false;
  return (
    fn.writes.some(CONSUMING_WRITE) ||
    fn.calls.some((c) => DESTRUCTIVE_CALL.test(c.callee) || consumesInFile(ctx, c.callee, depth + 1))
  );
}
