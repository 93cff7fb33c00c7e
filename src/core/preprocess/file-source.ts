// Walking a lexed file's tokens: directive-line detection, and a token
// source that materializes tokens lazily for macro invocations (it stops
// before the next directive line, as an invocation may not run into one).

import { F_BOL, K_PUNCT, type LexedFile } from './lexer';
import type { TokenSource } from './expand';
import { newlineString } from './output';
import { fileToken, type PPToken } from './pp-token';

export function isHash(f: LexedFile, i: number): boolean {
  return f.kind[i] === K_PUNCT && f.end[i] - f.start[i] === 1 && f.clean.charCodeAt(f.start[i]) === 35;
}

/** Index of the first token on the next logical line after token i. */
export function lineEnd(f: LexedFile, i: number): number {
  let j = i + 1;
  while (j < f.count && (f.flags[j] & F_BOL) === 0) j++;
  return j;
}

export function nextIsParen(f: LexedFile, j: number): boolean {
  if (j >= f.count) return false;
  if ((f.flags[j] & F_BOL) !== 0 && isHash(f, j)) return false;
  return f.kind[j] === K_PUNCT && f.clean.charCodeAt(f.start[j]) === 40;
}

export function newlines(text: string, from: number, to: number): string {
  let n = 0;
  for (let k = text.indexOf('\n', from); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) n++;
  return newlineString(n);
}

/** Tokens of a file from index i on, stopping before the next directive line. */
export class FileSource implements TokenSource {
  lastConsumed: number;
  private cached: PPToken | null = null;

  constructor(
    private readonly f: LexedFile,
    private i: number,
  ) {
    this.lastConsumed = i;
  }

  peek(): PPToken | null {
    if (this.cached) return this.cached;
    const f = this.f;
    if (this.i >= f.count) return null;
    if ((f.flags[this.i] & F_BOL) !== 0 && isHash(f, this.i)) return null;
    const t = fileToken(f, this.i);
    if (f.toOrig(f.end[this.i]) - t.offset === t.text.length) t.verbatim = true;
    this.cached = t;
    return t;
  }

  next(): PPToken | null {
    const t = this.peek();
    if (t) {
      this.cached = null;
      this.lastConsumed = this.i++;
    }
    return t;
  }
}
