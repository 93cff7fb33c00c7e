// The stepped hand parse's stops (issue 15): a member or enumerator loop, or a skip over tokens
// (a parameter list, `typeof(...)`, a function body, a damaged stretch), at any depth stops at a
// checkpoint by throwing SuspendLists; the lists and skips under way are finished in steps, then the
// item is parsed again from its start and takes each finished one where it began (prefetched).

import { CHECKPOINT_EVERY, type Steps } from '../../steps';
import { pushAll } from '../../text/push-all';
import type { TokenCursor } from './token-cursor';

/** Tokens a skip passes for one element's worth of work (a member is ~5-10 tokens): a skip of
 *  8 * CHECKPOINT_EVERY tokens is one checkpoint's work, as CHECKPOINT_EVERY members are. */
export const SKIP_TOKENS_PER_ELEMENT = 8;

/** A member or enumerator list under way: what a stop at a checkpoint needs to finish it later,
 *  at any depth (a huge union in a small struct, a huge struct in a typedef or a parameter). */
export interface OpenList {
  /** One element (or the end of the body): true when the body ended. */
  readonly step: () => boolean;
  readonly items: unknown[];
  /** Where its finished list is taken (prefetched): the index of the list's `{`, or skipKey(). */
  readonly key: number;
  /** A skip (skipInSteps): no items or diagnostics, so a stop inside a skip it holds resumes it at
   *  that inner skip (taken finished), not at the start of its step (re-walked: quadratic). */
  readonly walk: boolean;
  /** Where the list's diagnostics begin in ctx.diagnostics. */
  readonly diagStart: number;
  /** The cursor's nesting inside the loop (restored to finish it). */
  readonly depth: number;
  readonly tree: number;
  /** Where the element under way began: the cursor, the list's length, the diagnostics', lastErrorAt. */
  at: number;
  itemsAt: number;
  diagAt: number;
  errorAt: number;
}

export function openList(
  tc: TokenCursor,
  items: unknown[],
  step: () => boolean,
  key = tc.pos - 1,
  walk = false,
): OpenList {
  const diag = tc.ctx.diagnostics.length;
  return {
    step,
    items,
    key,
    walk,
    diagStart: diag,
    depth: tc.nesting,
    tree: tc.treeDepth,
    at: tc.pos,
    itemsAt: 0,
    diagAt: diag,
    errorAt: tc.ctx.lastErrorAt,
  };
}

export function mark(tc: TokenCursor, list: OpenList): void {
  list.at = tc.pos;
  list.itemsAt = list.items.length;
  list.diagAt = tc.ctx.diagnostics.length;
  list.errorAt = tc.ctx.lastErrorAt;
}

/** The element under way undone: the cursor back at its start, what it added and said dropped. */
function rewind(tc: TokenCursor, list: OpenList): void {
  tc.restoreNesting(list.depth, list.tree);
  tc.pos = list.at;
  list.items.length = list.itemsAt;
  tc.ctx.diagnostics.length = list.diagAt;
  tc.ctx.lastErrorAt = list.errorAt;
}

/** A list's loop. In the stepped parse (tc.suspendable) it stops when CHECKPOINT_EVERY elements
 *  (or elements' worth of tokens, elementWork) were read since the last checkpoint, in this list or
 *  any (SuspendLists); a stop from a list
 *  inside an element passes through here and adds this list to those to finish. */
export function runList(tc: TokenCursor, list: OpenList): void {
  for (;;) {
    mark(tc, list);
    try {
      if (list.step()) return;
    } catch (err) {
      if (err instanceof SuspendLists) err.lists.push(list);
      throw err;
    }
    if (tc.suspendable && (tc.work += elementWork(tc, list)) >= CHECKPOINT_EVERY) {
      tc.work = 0;
      mark(tc, list);
      throw new SuspendLists([list]);
    }
  }
}

/** What the element just read counts for: one, or one per SKIP_TOKENS_PER_ELEMENT of its tokens
 *  (2,000 enumerators each valued by a 450-token expansion were 460,000 tokens per checkpoint). */
function elementWork(tc: TokenCursor, list: OpenList): number {
  return Math.max(1, Math.floor((tc.pos - list.at) / SKIP_TOKENS_PER_ELEMENT));
}

/** Thrown out of a member or enumerator loop at a checkpoint of the stepped parse (parse-top.ts):
 *  the lists under way, innermost first, are finished in steps by finishLists, then the item is
 *  parsed again from its start and takes each finished list at its `{` (prefetched). Not an
 *  error: never escapes the parser. */
export class SuspendLists {
  constructor(readonly lists: OpenList[]) {}
}

/** Finishes the stopped lists, innermost first, a checkpoint every CHECKPOINT_EVERY elements: each
 *  from the start of its element under way (which takes the list finished inside it), at its own
 *  nesting. A list inside an element that stops again is finished first and the element read anew. */
export function* finishLists(tc: TokenCursor, lists: readonly OpenList[]): Steps<void> {
  for (const list of lists) {
    rewind(tc, list);
    for (;;) {
      mark(tc, list);
      let ended: boolean;
      try {
        ended = list.step();
      } catch (err) {
        if (!(err instanceof SuspendLists)) throw err;
        if (list.walk) list.at = resumeAt(err, list.at);
        yield; // the checkpoint the stop was
        yield* finishLists(tc, err.lists);
        rewind(tc, list);
        continue;
      }
      if (ended) break;
      if ((tc.work += elementWork(tc, list)) >= CHECKPOINT_EVERY) {
        tc.work = 0;
        yield;
      }
    }
    const diagnostics = tc.ctx.diagnostics.splice(list.diagStart);
    const lastErrorAt = tc.ctx.lastErrorAt;
    (tc.prefetched ??= new Map()).set(list.key, {
      items: list.items,
      end: tc.pos,
      diagnostics,
      lastErrorAt,
    });
  }
}

/** A list finished in steps for the `{` just read: the cursor moves past it, its diagnostics said again. */
export function takePrefetched<T>(tc: TokenCursor): T[] | undefined {
  const p = tc.prefetched?.get(tc.pos - 1);
  if (!p) return undefined;
  tc.pos = p.end;
  pushAll(tc.ctx.diagnostics, p.diagnostics);
  // The next error is compared with the members' last one, as in a parse that never stopped.
  if (p.diagnostics.length > 0) tc.ctx.lastErrorAt = p.lastErrorAt;
  return p.items as T[];
}

/** Where a skip's finished end is kept in `prefetched`: apart from the lists' `{` indices. */
const skipKey = (pos: number) => -1 - pos;

/** Runs `walk` (one token at a time, false when tc.skipTick() said stop, true when done) as a skip
 *  that the stepped parse may stop and finish in steps: a skip finished already is taken at once. */
export function skipInSteps(tc: TokenCursor, walk: () => boolean): void {
  const done = tc.prefetched?.get(skipKey(tc.pos));
  if (done) {
    tc.pos = done.end;
    return;
  }
  const list = openList(tc, [], walk, skipKey(tc.pos), true);
  let ended: boolean;
  try {
    ended = walk();
  } catch (err) {
    if (err instanceof SuspendLists) {
      list.at = resumeAt(err, list.at);
      err.lists.push(list);
    }
    throw err;
  }
  if (ended) return;
  tc.work = 0;
  mark(tc, list);
  throw new SuspendLists([list]);
}

/** Where a skip resumes after a stop inside it: at the inner skip that stopped (its start, from its
 *  key), which is then taken finished. */
function resumeAt(err: SuspendLists, at: number): number {
  const inner = err.lists[err.lists.length - 1];
  return inner && inner.key < 0 ? -1 - inner.key : at;
}
