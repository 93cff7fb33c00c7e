// The expander's input: tokens pushed back by expansions first (a stack), then
// an optional base source (the rest of a source line). Split from expand.ts.

import type { PPToken } from './pp-token';

/** Where tokens come from after the pending ones run out (the rest of a source line, or nothing). */
export interface TokenSource {
  next(): PPToken | null;
  peek(): PPToken | null;
}

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
