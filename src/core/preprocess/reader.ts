// The expander's input: tokens pushed back by expansions first (a stack), then
// an optional base source (the rest of a source line). Split from expand.ts. Once an argument
// list has run to the end of the input, it remembers how parentheses nest to the end, so a later
// invocation that cannot close is told at once rather than reading to the end again (issue 15).

import type { PPToken } from './pp-token';

/** Where tokens come from after the pending ones run out (the rest of a source line, or nothing). */
export interface TokenSource {
  next(): PPToken | null;
  peek(): PPToken | null;
}

/** An input stream: pushed-back expansion results first, then an optional base source. */
export class Reader {
  private readonly pending: PPToken[] = []; // a stack: the next token is last
  /** Set once the input is known to end after the pending tokens (an argument list ran to the
   *  end): for pending[k], the least depth the parentheses reach from it to the end, counting
   *  `(` +1 and `)` -1 from pending[k] (included) on. Kept in step with pending. */
  private reach: number[] | null = null;
  /** With reach: whether a `)` follows pending[k] (included) before the end (for `_Pragma(`). */
  private closes: boolean[] = [];

  constructor(private readonly base: TokenSource | null) {}

  next(): PPToken | null {
    const p = this.pending.pop();
    if (p) {
      if (this.reach) this.drop();
      return p;
    }
    return this.base ? this.base.next() : null;
  }

  /** Called when next() gave null (the base, if any, is used up for good): from now on every
   *  token pushed back is known to be followed only by the pending ones. */
  markEnd(): void {
    if (this.reach === null && this.pending.length === 0) this.reach = [];
  }

  /** True when an argument list holding `depth` unclosed `(` is known not to close in what is
   *  left (the input ends first): it need not read to the end to find out. */
  cannotClose(depth: number): boolean {
    const reach = this.reach;
    return reach !== null && (reach.length === 0 || reach[reach.length - 1] > -1 - depth);
  }

  peek(): PPToken | null {
    if (this.pending.length) return this.pending[this.pending.length - 1];
    return this.base ? this.base.peek() : null;
  }

  nextPending(): PPToken | undefined {
    if (this.reach) this.drop();
    return this.pending.pop();
  }

  private drop(): void {
    this.reach!.pop();
    this.closes.pop();
  }

  /** True when no `)` is known to follow before the end (an unterminated `_Pragma(` need not read on). */
  noCloseAhead(): boolean {
    const closes = this.closes;
    return this.reach !== null && (closes.length === 0 || !closes[closes.length - 1]);
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  pushFront(tokens: readonly PPToken[]): void {
    const reach = this.reach;
    for (let k = tokens.length - 1; k >= 0; k--) {
      const t = tokens[k];
      this.pending.push(t);
      if (reach === null) continue;
      const d = t.text === '(' ? 1 : t.text === ')' ? -1 : 0; // as ArgCollector counts them
      const below = reach.length > 0 ? reach[reach.length - 1] : 0;
      reach.push(Math.min(d, d + below));
      this.closes.push(d < 0 || (this.closes.length > 0 && this.closes[this.closes.length - 1]));
    }
  }
}
