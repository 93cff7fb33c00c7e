// Macro expansion, the standard algorithm: arguments are collected, fully
// expanded on their own (except next to # and ##), substituted, and the
// result rescanned together with the rest of the input. Hide sets (Prosser's
// algorithm) stop self-reference; token budgets and depth limits stop blow-ups.
// One implementation in steps (a checkpoint every CHECKPOINT_EVERY tokens of work, at any depth):
// the preprocessor runs it to the end, the #define value pass in slices.

import { lexTokens } from './lexer';
import { hidden, hideAdd, hideIntersect, hideUnion, type PPToken } from './pp-token';
import type { MacroDef } from './types';
import { bodySteps, builtBody } from './macro-def';
import { Reader } from './reader';
import {
  append,
  bodyToken,
  ArgCollector,
  skipPragma,
  checkTokenChars,
  copy,
  ExpansionLimit,
  paramIndex,
  placemarker,
  stringizeChecked,
  stringToken,
  REPLACED,
  TotalExpansionLimit,
  vaOptEnd,
  type Invocation,
  type SubstCtx,
} from './subst-parts';
import { MAX_EXPANSION_DEPTH, MAX_UNIT_EXPANSION_TOKENS } from '../limits';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../steps';

// The limit errors and the input stream, where the expander's callers have always found them.
export { ExpansionLimit, TotalExpansionLimit } from './subst-parts';
export { Reader, type TokenSource } from './reader';

const TICK_MASK = CHECKPOINT_EVERY - 1;

export interface ExpandHost {
  /** The macro currently defined under name (the host records the lookup for caching). */
  lookup(name: string): MacroDef | undefined;
  /** Dynamic built-ins (__LINE__, __FILE__, __COUNTER__, ...): replacement token or undefined. */
  builtin(name: string, at: PPToken): PPToken | undefined;
  report(code: 'macro-expansion', message: string, at: PPToken): void;
  /** `_Pragma("text")` met while expanding: recorded like `#pragma text` (pack state, gcc has it). */
  pragma?(text: string, at: PPToken): void;
}

export interface ExpandLimits {
  /** Tokens one top-level expansion may produce. */
  maxTokens: number;
  /** Nesting of argument pre-expansion. */
  maxDepth: number;
  /** Tokens all expansions together may produce (a translation unit): resetBudget() does not reset it. */
  maxTotalTokens?: number;
}

export class Expander {
  /** Tokens produced since the last resetBudget(). */
  private produced = 0;
  /** Tokens produced over the expander's life. */
  private total = 0;
  private depth = 0;
  /** Tokens of the arguments being pre-expanded inside one another: `F(F(F(...)))` 10^5 deep
   *  holds a copy of the rest at every level, so the copies, not just the depth, are bounded. */
  private held = 0;
  /** Tokens of work (read, substituted, copied) over the expander's life: a checkpoint every CHECKPOINT_EVERY. */
  private ticks = 0;

  constructor(
    private readonly host: ExpandHost,
    private readonly limits: ExpandLimits = {
      maxTokens: MAX_UNIT_EXPANSION_TOKENS,
      maxDepth: MAX_EXPANSION_DEPTH,
    },
  ) {}

  /** Tokens produced since the last resetBudget() (callers sharing a budget across expansions). */
  get producedTokens(): number {
    return this.produced;
  }

  get totalTokens(): number {
    return this.total;
  }

  resetBudget(): void {
    this.produced = 0;
    this.depth = 0;
    this.held = 0;
  }

  /** Fully expands a token list on its own (for #if, #include operands and arguments). */
  expandList(tokens: readonly PPToken[]): PPToken[] {
    return runSync(this.expandListSteps(tokens));
  }

  /** expandList in steps: one value expanding to ~100,000 tokens (through many macros or one huge
   *  body) pauses every CHECKPOINT_EVERY tokens, in argument pre-expansion and substitution too. */
  *expandListSteps(tokens: readonly PPToken[]): Steps<PPToken[]> {
    const r = new Reader(null);
    r.pushFront(tokens);
    const out: PPToken[] = [];
    for (let t = r.next(); t; t = r.next()) {
      if ((++this.ticks & TICK_MASK) === 0) yield;
      let inv = this.invocation(t, r, CHECKPOINT_EVERY);
      if (inv instanceof ArgCollector) inv = yield* this.collectRest(inv, r);
      if (inv === undefined) out.push(t);
      else if (inv !== REPLACED) r.pushFront(this.substPlain(inv) ?? (yield* this.subst(inv)));
    }
    return out;
  }

  /** tryExpand(first) then drain() in steps (a main-text invocation of the preprocessor: a huge
   *  argument list is collected, and a huge expansion substituted and rescanned, pausing). */
  *expandSteps(first: PPToken, r: Reader, out: PPToken[]): Steps<void> {
    for (let t: PPToken | undefined = first; t; t = r.nextPending()) {
      if ((++this.ticks & TICK_MASK) === 0) yield;
      let inv = this.invocation(t, r, CHECKPOINT_EVERY);
      if (inv instanceof ArgCollector) inv = yield* this.collectRest(inv, r);
      if (inv === undefined) out.push(t);
      else if (inv !== REPLACED) r.pushFront(this.substPlain(inv) ?? (yield* this.subst(inv)));
    }
  }

  /** An invocation whose arguments are still being read: a checkpoint every CHECKPOINT_EVERY tokens. */
  private *collectRest(c: ArgCollector, r: Reader): Steps<Invocation | typeof REPLACED | undefined> {
    for (;;) {
      yield;
      const inv = this.collected(c, r, CHECKPOINT_EVERY);
      if (!(inv instanceof ArgCollector)) return inv;
    }
  }

  /** subst() of an object-like macro whose body is built and short (most invocations in a header)
   *  without generators, the hot path; undefined for any other. The loop is substRange's for a body
   *  without parameters (only `##` between body tokens applies); it needs no checkpoint. */
  private substPlain(x: Invocation): PPToken[] | undefined {
    const body = x.m.params ? undefined : builtBody(x.m);
    if (!body || body.length >= CHECKPOINT_EVERY) return undefined;
    const c: SubstCtx = { m: x.m, inv: x.inv, args: [], expanded: [] };
    const out: PPToken[] = [];
    for (let i = 0; i < body.length; i++) {
      const tok = body[i];
      if (tok.kind === 'punct' && tok.text === '##' && i + 1 < body.length)
        this.pasteInto(c, [bodyToken(body[++i], c.inv)], out);
      else out.push(bodyToken(tok, c.inv));
    }
    const result: PPToken[] = [];
    this.hideInto(x, out, 0, out.length, result);
    return this.counted(x.m, result);
  }

  /** The invocation t starts (its arguments read from r), REPLACED when a built-in already put its
   *  replacement in r, undefined when t is no invocation (r is then as it was); with a `limit`, the
   *  collector when the arguments are not all read after that many tokens (collected() goes on). */
  private invocation(
    t: PPToken,
    r: Reader,
    limit = Infinity,
  ): Invocation | typeof REPLACED | ArgCollector | undefined {
    if (t.kind !== 'ident') return undefined;
    const m = this.host.lookup(t.text);
    if (!m) return this.tryBuiltin(t, r) ? REPLACED : undefined;
    if (hidden(t, m.name)) return undefined;
    if (!m.params) return { m, inv: t, args: null, hs: hideAdd(t.hide, m.name) };
    const p = r.peek();
    if (!p || p.text !== '(') return undefined;
    return this.collected(new ArgCollector(m, t, r.next()!), r, limit);
  }

  /** Reads up to `limit` more tokens of c's arguments: the invocation, undefined when it failed
   *  (its tokens put back), REPLACED when unterminated (its name put back, hidden), or c when
   *  there is more to read. */
  private collected(
    c: ArgCollector,
    r: Reader,
    limit: number,
  ): Invocation | typeof REPLACED | ArgCollector | undefined {
    const t = c.inv;
    const collected = c.step(r, limit, (message) => this.host.report('macro-expansion', message, t));
    if (!collected) return c;
    if ('failed' in collected) {
      r.pushFront([c.lparen, ...collected.failed]);
      if (!collected.unterminated) return undefined;
      // As gcc: a name whose list did not close is not expanded again when its tokens are
      // rescanned (an argument's expansion): said once, and no second read to the end.
      r.pushFront([{ ...t, hide: hideAdd(t.hide, c.m.name) }]);
      return REPLACED;
    }
    const hs = hideAdd(hideIntersect(t.hide, collected.rparen.hide), c.m.name);
    return { m: c.m, inv: t, args: collected.args, hs };
  }

  private tryBuiltin(t: PPToken, r: Reader): boolean {
    if (t.text === '_Pragma') return skipPragma(t, r, this.host); // `_Pragma("...")`: no tokens
    const b = this.host.builtin(t.text, t);
    if (!b) return false;
    r.pushFront([{ ...b, spaceBefore: t.spaceBefore, hide: t.hide, verbatim: false }]);
    return true;
  }

  /** The replacement list of m with arguments substituted, hide set hs added to every token. */
  private *subst({ m, inv, args, hs }: Invocation): Steps<PPToken[]> {
    const out: PPToken[] = [];
    const ctx: SubstCtx = { m, inv, args: args ?? [], expanded: [] };
    // Built already (the hot case): no generator for it.
    const body = builtBody(m) ?? (yield* bodySteps(m));
    yield* this.substRange(ctx, 0, body.length, out);
    const result: PPToken[] = [];
    for (let k = 0; k < out.length; k += CHECKPOINT_EVERY) {
      if (k > 0) yield;
      this.hideInto({ m, inv, args, hs }, out, k, Math.min(out.length, k + CHECKPOINT_EVERY), result);
    }
    return this.counted(m, result);
  }

  /** out[from, to) into result with the invocation's hide set added (every token in out is a fresh
   *  copy, so hide sets are updated in place), placemarkers dropped. */
  private hideInto(x: Invocation, out: PPToken[], from: number, to: number, result: PPToken[]): void {
    for (let k = from; k < to; k++) {
      const t = out[k];
      if (t.placemarker) continue;
      t.hide = hideUnion(t.hide, x.hs);
      if (result.length === 0) t.spaceBefore = x.inv.spaceBefore;
      result.push(t);
    }
  }

  /** result, counted against the budgets (throws past them). */
  private counted(m: MacroDef, result: PPToken[]): PPToken[] {
    this.produced += result.length;
    this.total += result.length;
    if (this.limits.maxTotalTokens !== undefined && this.total > this.limits.maxTotalTokens) {
      throw new TotalExpansionLimit(
        `macro expansions produced more than ${this.limits.maxTotalTokens} tokens in all; no further macro is expanded`,
      );
    }
    if (this.produced > this.limits.maxTokens) {
      throw new ExpansionLimit(
        `expanding macro '${m.name}' produced more than ${this.limits.maxTokens} tokens`,
      );
    }
    return result;
  }

  private *substRange(c: SubstCtx, from: number, to: number, out: PPToken[]): Steps<void> {
    const body = c.m.body;
    for (let i = from; i < to; i++) {
      if ((++this.ticks & TICK_MASK) === 0) yield;
      const tok = body[i];
      const next = i + 1 < to ? body[i + 1] : undefined;
      if (c.m.params && tok.kind === 'punct' && tok.text === '#' && next) {
        if (next.text === '__VA_OPT__' && c.m.variadic) {
          const end = vaOptEnd(body, i + 1, to);
          const inner: PPToken[] = [];
          if (yield* this.vaPresent(c)) yield* this.substRange(c, i + 3, end, inner);
          out.push(stringToken(stringizeChecked(inner, c), c.inv, tok.spaceBefore));
          i = end;
          continue;
        }
        const p = paramIndex(c.m, next);
        if (p >= 0) {
          out.push(stringToken(stringizeChecked(c.args[p], c), c.inv, tok.spaceBefore));
          i++;
          continue;
        }
      }
      if (tok.kind === 'punct' && tok.text === '##' && next) {
        i = yield* this.pasteOperand(c, i + 1, to, out);
        continue;
      }
      const va = c.m.variadic ? c.m.params!.length - 1 : -1;
      if (
        tok.text === ',' &&
        next?.text === '##' &&
        va >= 0 &&
        i + 2 < to &&
        paramIndex(c.m, body[i + 2]) === va
      ) {
        // GNU: `, ## __VA_ARGS__` drops the comma when the variable arguments are empty.
        if (c.args[va].length > 0) {
          out.push(bodyToken(tok, c.inv));
          yield* this.copyInto(out, c.args[va]);
        }
        i += 2;
        continue;
      }
      if (tok.text === '__VA_OPT__' && c.m.variadic && next?.text === '(') {
        const end = vaOptEnd(body, i, to);
        const at = out.length;
        if (yield* this.vaPresent(c)) yield* this.substRange(c, i + 2, end, out);
        else out.push(placemarker(c.inv));
        if (out.length > at) out[at].spaceBefore = tok.spaceBefore;
        i = end;
        continue;
      }
      const p = paramIndex(c.m, tok);
      if (p >= 0) {
        const at = out.length;
        if (next?.text === '##' && next.kind === 'punct') {
          if (c.args[p].length) yield* this.copyInto(out, c.args[p]);
          else out.push(placemarker(c.inv));
        } else {
          yield* this.copyInto(out, yield* this.expandedArg(c, p));
        }
        // The argument takes the spacing the parameter had in the body.
        if (out.length > at) out[at].spaceBefore = tok.spaceBefore;
        continue;
      }
      out.push(bodyToken(tok, c.inv));
    }
  }

  /** Handles the right operand of `##` at body index k; returns the index of its last token. */
  private *pasteOperand(c: SubstCtx, k: number, to: number, out: PPToken[]): Steps<number> {
    const tok = c.m.body[k];
    let rhs: PPToken[];
    let last = k;
    if (tok.text === '__VA_OPT__' && c.m.variadic) {
      last = vaOptEnd(c.m.body, k, to);
      rhs = [];
      if (yield* this.vaPresent(c)) yield* this.substRange(c, k + 2, last, rhs);
    } else {
      const p = paramIndex(c.m, tok);
      rhs = p >= 0 ? c.args[p].map(copy) : [bodyToken(tok, c.inv)];
    }
    this.pasteInto(c, rhs, out);
    return last;
  }

  /** `##`: pastes rhs onto the last token of out (placemarkers stand for empty operands). */
  private pasteInto(c: SubstCtx, rhs: PPToken[], out: PPToken[]): void {
    if (rhs.length === 0) return;
    const lhs = out.pop();
    if (!lhs || lhs.placemarker) return append(out, rhs);
    if (rhs[0].placemarker) {
      out.push(lhs);
      return append(out, rhs.slice(1));
    }
    append(out, this.paste(lhs, rhs[0], c));
    append(out, rhs.slice(1));
  }

  private paste(lhs: PPToken, rhs: PPToken, c: SubstCtx): PPToken[] {
    checkTokenChars(lhs.text.length + rhs.text.length, '##', c);
    const text = lhs.text + rhs.text;
    const lexed = lexTokens(text);
    if (lexed.length === 1 && lexed[0].text === text) {
      return [{ ...lhs, kind: lexed[0].kind, text, hide: null, verbatim: false }];
    }
    this.host.report(
      'macro-expansion',
      `pasting "${lhs.text}" and "${rhs.text}" does not give a valid preprocessing token (in macro '${c.m.name}')`,
      c.inv,
    );
    return [lhs, rhs];
  }

  private *expandedArg(c: SubstCtx, p: number): Steps<PPToken[]> {
    let e = c.expanded[p];
    if (!e) {
      if (++this.depth > this.limits.maxDepth) {
        this.depth--;
        throw new ExpansionLimit(`macro arguments nested deeper than ${this.limits.maxDepth} levels`);
      }
      const n = c.args[p].length;
      if (this.held + n > this.limits.maxTokens) {
        this.depth--;
        throw new ExpansionLimit(
          `macro arguments expanded inside one another ('${c.m.name}' at nesting level ${this.depth + 1}) hold more than ${this.limits.maxTokens} tokens`,
        );
      }
      this.held += n;
      try {
        e = yield* this.expandListSteps(c.args[p]);
      } finally {
        this.depth--;
        this.held -= n;
      }
      c.expanded[p] = e;
    }
    return e;
  }

  /** Copies of items onto out, a checkpoint every CHECKPOINT_EVERY (an argument of 100,000 tokens). */
  private *copyInto(out: PPToken[], items: readonly PPToken[]): Steps<void> {
    for (let k = 0; k < items.length; k += CHECKPOINT_EVERY) {
      if (k > 0) yield;
      const end = Math.min(items.length, k + CHECKPOINT_EVERY);
      for (let j = k; j < end; j++) out.push(copy(items[j]));
    }
  }

  private *vaPresent(c: SubstCtx): Steps<boolean> {
    return (yield* this.expandedArg(c, c.m.params!.length - 1)).length > 0;
  }
}
