// kernel-inband-sentinel (uapi-rules 7): "nothing to report" answered in-band,
// as a record whose zero (or NONE) value means "none", where a distinct errno
// (-ENOMSG, -ENODATA, -EAGAIN) would do: userspace cannot tell "no event" from
// an event whose code is 0. The ZPCI_ERROR series did this up to v13 (pec 0).

import type { Diagnostic } from '../diag/diagnostic';
import type { FlowCall, FlowFunction, FlowIf } from '../parser/tree-sitter/c-flow';
import { COPY_OUT, type KernelCheck, type KernelCheckContext } from '../kernel/types';

export const kernelInbandSentinel: KernelCheck = {
  id: 'kernel-inband-sentinel',
  summary:
    "'Nothing pending' is reported to userspace as a sentinel value in the record (pec = 0 means none) instead of a distinct errno",
  defaultSeverity: 'warning',
  *units(ctx) {
    for (const fn of ctx.flow.functions) yield* check(ctx, fn);
  },
};

/** Calls that fetch the next event/item, which may find none: a queue verb, or a getter of an event-like noun. */
const FETCH = (callee: string): boolean =>
  /(^|_)(dequeue|pop|take|consume|peek)(_|$)/.test(callee) ||
  (/(^|_)(get|fetch|next|read)(_|$)/.test(callee) &&
    /(^|_)(events?|errs?|errors?|pending|msgs?|messages?|notif\w*|records?|entry|entries|items?)(_|$)/.test(
      callee,
    ));
/** Conditions that test a queue or counter for being empty. */
const EMPTY =
  /^\(?\s*(!\s*[\w.>-]*(count|pending|avail|queued|events?)\w*|[\w.>-]*(count|pending|avail|queued|events?)\w*\s*==\s*0|!?\s*(list_empty|kfifo_is_empty|llist_empty|skb_queue_empty|list_empty_careful)\s*\(.*)\s*\)?$/i;
/** A value that can only mean "none" when written on the empty path. */
const SENTINEL = /^(0|-1|0x0+|~0U?L*|false|NULL|[A-Z][A-Z0-9_]*_(NONE|INVALID|EMPTY)|U(8|16|32|64)_MAX)$/;
/** Members whose value is a count of what is still queued: stale as soon as it is read. */
const VOLATILE = /(^|_)(pending|remaining|left|queued|outstanding)(_\w*)?$/;
const ERRNO = /^-\s*E[A-Z]+$/;

const base = (expr: string | undefined): string | undefined =>
  /^\(?\s*(?:\([^()]*\)\s*)?&?\s*\(?\s*([A-Za-z_]\w*)/.exec(expr ?? '')?.[1];
const mentions = (names: string[], text: string | undefined): boolean =>
  names.some((n) => new RegExp(`\\b${n}\\b`).test(text ?? ''));

/** One unit per copy out of the function: its finding, if any. */
function* check(ctx: KernelCheckContext, fn: FlowFunction): Generator<Diagnostic[]> {
  const lines = new Set<number>();
  for (const copy of fn.calls.filter((c) => COPY_OUT.has(c.callee))) {
    const source = base(copy.args[COPY_OUT.get(copy.callee) ?? 1]);
    if (!source) continue;
    const d = unchecked(ctx, fn, copy, source) ?? emptyBranch(ctx, fn, copy, source);
    // One finding per sentinel site, however many copies it reaches.
    if (!d || lines.has(d.range.start.line)) {
      yield [];
      continue;
    }
    lines.add(d.range.start.line);
    yield [d];
  }
}

/** A fetch whose "found nothing" outcome is never tested: the zero-initialised record goes out as "none". */
function unchecked(
  ctx: KernelCheckContext,
  fn: FlowFunction,
  copy: FlowCall,
  source: string,
): Diagnostic | undefined {
  const fetch = fn.calls
    .filter((c) => c.at < copy.at && (c.arm === -1 || c.arm === copy.arm) && FETCH(c.callee))
    .filter((c) => !c.inCondition && !resultUsed(fn, c, copy))
    .map((c) => ({ call: c, into: c.args.filter((a) => /^\(?\s*&/.test(a)).map(base) as string[] }))
    .filter(({ into }) => into.length > 0 && into.every(Boolean))
    .filter(
      ({ call, into }) => into.some((n) => zeroed(fn, n, call.at)) && linked(fn, into, call, copy, source),
    )
    // The caller may test what it got before copying (`if (!ccdf.pec) return -ENOMSG;`).
    .filter(
      ({ call, into }) => !fn.ifs.some((i) => i.at > call.at && i.at < copy.at && mentions(into, i.cond)),
    )
    .pop();
  if (!fetch) return undefined;
  const counts = volatileMembers(fn, source, fetch.call.at, copy.at);
  return finding(
    ctx,
    fetch.call,
    copy,
    `${fetch.call.callee}() may find nothing, and the handler does not test for it: '${source}' is copied out ` +
      `by ${copy.callee}() with the zero-initialised '${fetch.into.find((n) => zeroed(fn, n, fetch.call.at))}' ` +
      `standing for "none" (an in-band sentinel)`,
    counts,
  );
}

/** An `if (!q->count)` branch that fills the copied record with a "none" value instead of returning an errno. */
/** The function's `if`s that test for "nothing pending", once per function (asked per copy: a
 *  30,000-case switch tested every condition against the pattern for every copy). */
const emptyIfs = new WeakMap<FlowFunction, FlowIf[]>();

function emptyTests(fn: FlowFunction): FlowIf[] {
  let ifs = emptyIfs.get(fn);
  if (!ifs) emptyIfs.set(fn, (ifs = fn.ifs.filter((x) => EMPTY.test(x.cond))));
  return ifs;
}

function emptyBranch(
  ctx: KernelCheckContext,
  fn: FlowFunction,
  copy: FlowCall,
  source: string,
): Diagnostic | undefined {
  const inThen = (i: FlowIf, at: number): boolean => at >= i.thenAt && at < i.thenEnd;
  for (const i of emptyTests(fn).filter((x) => x.at < copy.at)) {
    if (fn.returns.some((r) => inThen(i, r.at) && ERRNO.test(r.value))) continue;
    // `if (!q->count) return 0;` before the copy: success with nothing written, so the caller's
    // own (zeroed) buffer is what "none" looks like: the same in-band sentinel, one step removed.
    // Only a reply record of the handler's own, and a queue of the device: `if (!count) return 0;`
    // on a read() length parameter is the ordinary empty read, not a sentinel.
    const bare = fn.returns.find((r) => inThen(i, r.at) && /^0$/.test(r.value));
    const ownRecord = fn.locals.some((l) => l.name === source && l.at < i.at);
    const onParameter = testsParameter(fn, i.cond);
    if (bare && ownRecord && !onParameter && !fn.calls.some((c) => inThen(i, c.at) && COPY_OUT.has(c.callee)))
      return finding(
        ctx,
        { callee: '', args: [], at: bare.at, end: bare.at, loc: bare.loc, arm: -1 },
        copy,
        `when nothing is pending ('${i.cond}'), the handler returns 0 without copying '${source}': ` +
          `userspace reads success with its own buffer standing for "none" (an in-band sentinel)`,
        [],
      );
    const w = fn.writes.find(
      (x) =>
        inThen(i, x.at) &&
        x.op === '=' &&
        base(x.target) === source &&
        x.target !== source &&
        SENTINEL.test(x.value ?? ''),
    );
    if (!w) continue;
    const counts = volatileMembers(fn, source, i.at, copy.at);
    return finding(
      ctx,
      { callee: '', args: [], at: w.at, end: w.at, loc: w.loc, arm: w.arm },
      copy,
      `when nothing is pending ('${i.cond}'), '${w.target} = ${w.value}' is copied out by ${copy.callee}() as "none" ` +
        `(an in-band sentinel)`,
      counts,
    );
  }
  return undefined;
}

/** Whether a condition tests a parameter itself (`!count`), not a member of one (`!dev->count`). */
function testsParameter(fn: FlowFunction, cond: string): boolean {
  const m = /^\(?\s*!?\s*([A-Za-z_]\w*)\s*(->|\.)?/.exec(cond);
  return !!m && !m[2] && fn.params.some((p) => p.name === m[1]);
}

function finding(
  ctx: KernelCheckContext,
  at: FlowCall,
  copy: FlowCall,
  what: string,
  counts: string[],
): Diagnostic {
  const volatile = counts.length
    ? `; ${counts.map((m) => `'${m}'`).join(', ')} report${counts.length > 1 ? '' : 's'} a count that is stale once read`
    : '';
  return {
    code: kernelInbandSentinel.id,
    severity: kernelInbandSentinel.defaultSeverity,
    file: ctx.file,
    range: at.loc.range,
    message:
      `${what}${volatile}. Userspace cannot tell "no event" from an event whose value is the sentinel: ` +
      `return a distinct errno (-ENOMSG, -ENODATA or -EAGAIN) when there is nothing`,
    related: [{ file: ctx.file, range: copy.loc.range, message: `the record goes to userspace here` }],
  };
}

/** Whether the call's return value is kept (`ret = f(...)`, `return f(...)`) and so can be tested. */
function resultUsed(fn: FlowFunction, c: FlowCall, copy: FlowCall): boolean {
  const w = fn.writes.find((x) => x.at < c.at && c.at - x.at < 256 && x.value?.startsWith(`${c.callee}(`));
  if (!w) return fn.returns.some((r) => r.value.startsWith(`${c.callee}(`) && r.at < c.at);
  return fn.ifs.some((i) => i.at > c.at && i.at < copy.at && mentions([w.target], i.cond));
}

/** A local that holds zero until something fills it: `= {}`, `= { 0 }`, `= 0` or memset(&x, 0, ...). */
function zeroed(fn: FlowFunction, name: string, before: number): boolean {
  const local = [...fn.locals].reverse().find((l) => l.name === name && l.at < before);
  if (!local) return false;
  if (local.init !== undefined && /^(\{\s*(0\s*)?\}|0)$/.test(local.init)) return true;
  return fn.calls.some(
    (c) =>
      c.at < before &&
      c.at > local.at &&
      /^(memset|memzero_explicit)$/.test(c.callee) &&
      base(c.args[0]) === name &&
      /^0$/.test(c.args[1] ?? ''),
  );
}

/** The copied record is what the fetch filled, or is filled from it between the fetch and the copy. */
function linked(fn: FlowFunction, into: string[], call: FlowCall, copy: FlowCall, source: string): boolean {
  if (into.includes(source)) return true;
  return fn.writes.some(
    (w) => w.at > call.at && w.at < copy.at && base(w.target) === source && mentions(into, w.value),
  );
}

/** Members of the copied record set to a count of what is still queued. */
function volatileMembers(fn: FlowFunction, source: string, from: number, to: number): string[] {
  return [
    ...new Set(
      fn.writes
        .filter((w) => w.at > from && w.at < to && base(w.target) === source && w.target !== source)
        .map((w) => w.target.slice(source.length + 1).split(/[.[]/)[0])
        .filter((m) => VOLATILE.test(m)),
    ),
  ];
}
