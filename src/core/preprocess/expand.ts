// Macro expansion, the standard algorithm: arguments are collected, fully
// expanded on their own (except next to # and ##), substituted, and the
// result rescanned together with the rest of the input. Hide sets (Prosser's
// algorithm) stop self-reference; token budgets and depth limits stop blow-ups.
// One implementation in steps (a checkpoint every CHECKPOINT_EVERY tokens of work, at any depth):
// the preprocessor runs it to the end, the #define value pass in slices.

import { lexTokens } from './lexer';
import { hidden, hideAdd, hideIntersect, hideUnion, stringize, type PPToken } from './pp-token';
import type { MacroDef } from './types';
import { bodySteps } from './macro-def';
import { MAX_EXPANSION_DEPTH, MAX_MACRO_TOKEN_CHARS, MAX_UNIT_EXPANSION_TOKENS } from '../limits';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../steps';

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

/** Where tokens come from after the pending ones run out (the rest of a source line, or nothing). */
export interface TokenSource {
  next(): PPToken | null;
  peek(): PPToken | null;
}

/** Thrown when an expansion exceeds a hard limit; caught by the caller that started it. */
export class ExpansionLimit extends Error {}

/** An input stream: pushed-back expansion results first, then an optional base source. */
export class Reader {
  private readonly pending: PPToken[] = []; // a stack: the next token is last

  constructor(private readonly base: TokenSource | null) {}

  next(): PPToken | null {
    const p = this.pending.pop();
    if (p) return p;
    return this.base ? this.base.next() : null;
  }

  peek(): PPToken | null {
    if (this.pending.length) return this.pending[this.pending.length - 1];
    return this.base ? this.base.peek() : null;
  }

  nextPending(): PPToken | undefined {
    return this.pending.pop();
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  pushFront(tokens: readonly PPToken[]): void {
    for (let k = tokens.length - 1; k >= 0; k--) this.pending.push(tokens[k]);
  }
}

export interface ExpandLimits {
  /** Tokens one top-level expansion may produce. */
  maxTokens: number;
  /** Nesting of argument pre-expansion. */
  maxDepth: number;
  /** Tokens all expansions together may produce (a translation unit): resetBudget() does not reset it. */
  maxTotalTokens?: number;
}

/** The unit-wide budget (ExpandLimits.maxTotalTokens) is used up: no further expansion is tried. */
export class TotalExpansionLimit extends ExpansionLimit {}

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
      const inv = this.invocation(t, r);
      if (inv === undefined) out.push(t);
      else if (inv !== REPLACED) r.pushFront(yield* this.subst(inv));
    }
    return out;
  }

  /** Expands until r has no pending tokens; invocations may read on into r's base source. */
  drain(r: Reader, out: PPToken[]): void {
    for (let t = r.nextPending(); t; t = r.nextPending()) {
      if (!this.tryExpand(t, r)) out.push(t);
    }
  }

  /** If t starts a macro invocation, replaces it (and its arguments) by the expansion at the
   *  front of r and returns true; otherwise returns false and t stays as it is. */
  tryExpand(t: PPToken, r: Reader): boolean {
    const inv = this.invocation(t, r);
    if (inv === undefined) return false;
    if (inv !== REPLACED) r.pushFront(runSync(this.subst(inv)));
    return true;
  }

  /** The invocation t starts (its arguments read from r), REPLACED when a built-in already put its
   *  replacement in r, undefined when t is no invocation (r is then as it was). */
  private invocation(t: PPToken, r: Reader): Invocation | typeof REPLACED | undefined {
    if (t.kind !== 'ident') return undefined;
    const m = this.host.lookup(t.text);
    if (!m) return this.tryBuiltin(t, r) ? REPLACED : undefined;
    if (hidden(t, m.name)) return undefined;
    if (!m.params) return { m, inv: t, args: null, hs: hideAdd(t.hide, m.name) };
    const p = r.peek();
    if (!p || p.text !== '(') return undefined;
    const lparen = r.next()!;
    const collected = this.collectArgs(m, t, r);
    if ('failed' in collected) {
      r.pushFront([lparen, ...collected.failed]);
      return undefined;
    }
    const hs = hideAdd(hideIntersect(t.hide, collected.rparen.hide), m.name);
    return { m, inv: t, args: collected.args, hs };
  }

  private tryBuiltin(t: PPToken, r: Reader): boolean {
    if (t.text === '_Pragma') return this.skipPragma(t, r);
    const b = this.host.builtin(t.text, t);
    if (!b) return false;
    r.pushFront([{ ...b, spaceBefore: t.spaceBefore, hide: t.hide, verbatim: false }]);
    return true;
  }

  /** `_Pragma("...")` produces no tokens. */
  private skipPragma(t: PPToken, r: Reader): boolean {
    if (r.peek()?.text !== '(') return false;
    const seen: PPToken[] = [r.next()!];
    for (let a = r.next(); a; a = r.next()) {
      seen.push(a);
      if (a.text !== ')') continue;
      if (seen.length === 3 && seen[1].kind === 'string') this.host.pragma?.(destringize(seen[1].text), t);
      return true;
    }
    this.host.report('macro-expansion', `unterminated _Pragma`, t);
    r.pushFront(seen);
    return false;
  }

  /** Reads the arguments after `(`; on failure returns the tokens consumed so the caller can put them back. */
  private collectArgs(
    m: MacroDef,
    name: PPToken,
    r: Reader,
  ): { args: PPToken[][]; rparen: PPToken } | { failed: PPToken[] } {
    const params = m.params!;
    const consumed: PPToken[] = [];
    const args: PPToken[][] = [[]];
    let depth = 0;
    for (;;) {
      const a = r.next();
      if (!a) {
        this.host.report('macro-expansion', `unterminated argument list invoking macro '${m.name}'`, name);
        return { failed: consumed };
      }
      consumed.push(a);
      if (a.text === '(') depth++;
      else if (a.text === ')') {
        if (depth === 0) {
          const err = checkArgCount(m, args);
          if (err) {
            this.host.report('macro-expansion', err, name);
            return { failed: consumed };
          }
          if (m.variadic && args.length === params.length - 1) args.push([]);
          return { args, rparen: a };
        }
        depth--;
      } else if (a.text === ',' && depth === 0 && !(m.variadic && args.length === params.length)) {
        args.push([]);
        continue;
      }
      args[args.length - 1].push(a);
    }
  }

  /** The replacement list of m with arguments substituted, hide set hs added to every token. */
  private *subst({ m, inv, args, hs }: Invocation): Steps<PPToken[]> {
    const out: PPToken[] = [];
    const ctx: SubstCtx = { m, inv, args: args ?? [], expanded: [] };
    const body = yield* bodySteps(m);
    yield* this.substRange(ctx, 0, body.length, out);
    // Every token in out is a fresh copy, so hide sets are updated in place.
    const result: PPToken[] = [];
    for (const t of out) {
      if ((++this.ticks & TICK_MASK) === 0) yield;
      if (t.placemarker) continue;
      t.hide = hideUnion(t.hide, hs);
      if (result.length === 0) t.spaceBefore = inv.spaceBefore;
      result.push(t);
    }
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
          out.push(this.stringToken(stringizeChecked(inner, c), c.inv, tok.spaceBefore));
          i = end;
          continue;
        }
        const p = paramIndex(c.m, next);
        if (p >= 0) {
          out.push(this.stringToken(stringizeChecked(c.args[p], c), c.inv, tok.spaceBefore));
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
        if (c.args[va].length > 0) out.push(this.bodyToken(tok, c.inv), ...c.args[va].map(copy));
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
          append(out, c.args[p].length ? c.args[p].map(copy) : [placemarker(c.inv)]);
        } else {
          append(out, yield* this.expandedArg(c, p));
        }
        // The argument takes the spacing the parameter had in the body.
        if (out.length > at) out[at].spaceBefore = tok.spaceBefore;
        continue;
      }
      out.push(this.bodyToken(tok, c.inv));
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
      rhs = p >= 0 ? c.args[p].map(copy) : [this.bodyToken(tok, c.inv)];
    }
    if (rhs.length === 0) return last;
    const lhs = out.pop();
    if (!lhs || lhs.placemarker) {
      append(out, rhs);
      return last;
    }
    if (rhs[0].placemarker) {
      out.push(lhs);
      append(out, rhs.slice(1));
      return last;
    }
    append(out, this.paste(lhs, rhs[0], c));
    append(out, rhs.slice(1));
    return last;
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
    return e.map(copy);
  }

  private *vaPresent(c: SubstCtx): Steps<boolean> {
    return (yield* this.expandedArg(c, c.m.params!.length - 1)).length > 0;
  }

  private bodyToken(
    tok: { kind: PPToken['kind']; text: string; spaceBefore: boolean },
    inv: PPToken,
  ): PPToken {
    return {
      kind: tok.kind,
      text: tok.text,
      file: inv.file,
      offset: inv.offset,
      spaceBefore: tok.spaceBefore,
      hide: null,
    };
  }

  private stringToken(text: string, inv: PPToken, spaceBefore: boolean): PPToken {
    return { kind: 'string', text, file: inv.file, offset: inv.offset, spaceBefore, hide: null };
  }
}

/** What invocation() answers when a built-in (`_Pragma`, `__LINE__`, ...) was replaced at once. */
const REPLACED = Symbol('replaced');

/** A macro invocation read from the input: the macro, its name token, arguments and the hide set of its result. */
interface Invocation {
  m: MacroDef;
  inv: PPToken;
  args: PPToken[][] | null;
  hs: PPToken['hide'];
}

interface SubstCtx {
  m: MacroDef;
  inv: PPToken;
  args: PPToken[][];
  expanded: PPToken[][];
}

/** Throws when a token made by `#` or `##` would pass MAX_MACRO_TOKEN_CHARS (checked before it is built). */
function checkTokenChars(length: number, op: '#' | '##', c: SubstCtx): void {
  if (length > MAX_MACRO_TOKEN_CHARS)
    throw new ExpansionLimit(
      `'${op}' in macro '${c.m.name}' would make a token of more than ${MAX_MACRO_TOKEN_CHARS} characters`,
    );
}

/** stringize(), refused before it is built when the tokens' text alone passes the limit, and after
 *  when escaping (which at most doubles it) does. */
function stringizeChecked(tokens: readonly PPToken[], c: SubstCtx): string {
  let n = 2;
  for (const t of tokens) n += t.text.length;
  checkTokenChars(n, '#', c);
  const s = stringize(tokens);
  checkTokenChars(s.length, '#', c);
  return s;
}

/** The text of `_Pragma`'s string operand (C11 6.10.9: prefix and quotes dropped, \\" and \\\\ undone). */
function destringize(literal: string): string {
  const body = literal.replace(/^(?:u8|[uUL])?"/, '').replace(/"$/, '');
  return body.replace(/\\(["\\])/g, '$1');
}

function copy(t: PPToken): PPToken {
  return { ...t };
}

function placemarker(inv: PPToken): PPToken {
  return {
    kind: 'other',
    text: '',
    file: inv.file,
    offset: inv.offset,
    spaceBefore: false,
    hide: null,
    placemarker: true,
  };
}

function paramIndex(m: MacroDef, t: { kind: string; text: string }): number {
  if (!m.params || t.kind !== 'ident') return -1;
  return m.params.indexOf(t.text);
}

/** Index of the `)` closing `__VA_OPT__(` that starts at body index k (or to-1 if unbalanced). */
function vaOptEnd(body: readonly { text: string }[], k: number, to: number): number {
  let depth = 0;
  for (let j = k + 1; j < to; j++) {
    if (body[j].text === '(') depth++;
    else if (body[j].text === ')' && --depth === 0) return j;
  }
  return to - 1;
}

function checkArgCount(m: MacroDef, args: PPToken[][]): string | undefined {
  const n = m.params!.length;
  const given = args.length;
  if (n === 0) {
    if (given === 1 && args[0].length === 0) return undefined;
    return `macro '${m.name}' passed ${given} arguments, but takes just 0`;
  }
  if (m.variadic) {
    if (given >= n - 1) return undefined;
    return `macro '${m.name}' requires at least ${n - 1} arguments, but only ${given} given`;
  }
  if (given === n) return undefined;
  if (given < n) return `macro '${m.name}' requires ${n} arguments, but only ${given} given`;
  return `macro '${m.name}' passed ${given} arguments, but takes just ${n}`;
}

/** out.push(...items) without spreading: an argument list of a million tokens overflows the stack. */
function append(out: PPToken[], items: readonly PPToken[]): void {
  for (const t of items) out.push(t);
}
