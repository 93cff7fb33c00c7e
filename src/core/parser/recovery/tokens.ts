// A small C tokenizer over a slice of the expanded text, for the hand-written
// parsers (expressions, attributes, damaged declarations). Skips whitespace,
// comments and any directive lines left in unpreprocessed input.

export type TokKind = 'ident' | 'number' | 'char' | 'string' | 'punct' | 'eof';

export interface Tok {
  kind: TokKind;
  text: string;
  start: number;
  end: number;
  /** First token on its line (after only whitespace): used by brace-recovery heuristics. */
  lineStart: boolean;
}

const PUNCT3 = ['...', '<<=', '>>='];
const PUNCT2 = [
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '->',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '##',
  '::',
];

/** Tokenizes text[from, to). Never throws; unknown bytes become one-char punct tokens. */
export function tokenize(text: string, from = 0, to = text.length): Tok[] {
  const lexer = new Lexer(text, from, to);
  const out: Tok[] = [];
  for (;;) {
    const t = lexer.next();
    out.push(t);
    if (t.kind === 'eof') return out;
  }
}

/** tokenize() one token at a time, so a long region's tokens need not all be alive at once. */
export class Lexer {
  private i: number;
  private lineStart: boolean;
  private lastEnd = -1;

  constructor(
    private readonly text: string,
    from: number,
    private readonly to: number,
  ) {
    this.i = from;
    this.lineStart = from === 0 || text.charCodeAt(from - 1) === 10;
  }

  /** Goes on lexing at `offset`, the end of a token this lexer would have produced there. */
  resumeAfter(offset: number): void {
    this.i = offset;
    this.lineStart = false;
    this.lastEnd = offset;
  }

  /** The next token; after the last one, `eof` (again on every call). */
  next(): Tok {
    const { text, to } = this;
    let i = this.i;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        this.lineStart = true;
        i++;
      } else if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
        i++;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const close = text.indexOf('*/', i + 2);
        i = close === -1 || close + 2 > to ? to : close + 2;
      } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
        i = lineEnd(text, i, to);
      } else if (c === 35 && this.lineStart) {
        i = lineEnd(text, i, to);
      } else {
        const kind = kindOf(c, text, i);
        const end = tokenEnd(text, i, to, kind);
        const tok: Tok = { kind, text: text.slice(i, end), start: i, end, lineStart: this.lineStart };
        this.lineStart = false;
        this.i = end;
        this.lastEnd = end;
        return tok;
      }
    }
    this.i = i;
    // End of input sits where the text stops, right after the last token, not after trailing
    // blank lines: errors "found end of input" point there (as on tree-sitter's path, which
    // hands over regions that end at their last token). Loops advance by index, not offset.
    const at = this.lastEnd >= 0 ? this.lastEnd : to;
    return { kind: 'eof', text: '', start: at, end: at, lineStart: true };
  }
}

/** End of a line, honoring backslash continuations. */
function lineEnd(text: string, i: number, to: number): number {
  for (;;) {
    const nl = text.indexOf('\n', i);
    if (nl === -1 || nl >= to) return to;
    let j = nl - 1;
    if (j >= 0 && text.charCodeAt(j) === 13) j--;
    if (text.charCodeAt(j) !== 92) return nl;
    i = nl + 1;
  }
}

export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function kindOf(c: number, text: string, i: number): TokKind {
  if (isIdentStart(c)) {
    // L'x' / u"x" / U'x' prefixes
    if (c === 76 || c === 117 || c === 85) {
      const q = text.charCodeAt(i + 1);
      if (q === 39 || q === 34) return q === 39 ? 'char' : 'string';
    }
    return 'ident';
  }
  if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) return 'number';
  if (c === 39) return 'char';
  if (c === 34) return 'string';
  return 'punct';
}

/** Characters that can begin a multi-character punctuator. */
const MULTI_START = new Set('.<>=!&|-+*/%^#:'.split('').map((ch) => ch.charCodeAt(0)));
const PUNCT2_SET = new Set(PUNCT2);

function tokenEnd(text: string, i: number, to: number, kind: TokKind): number {
  const c = text.charCodeAt(i);
  if (kind === 'ident') {
    let j = i + 1;
    while (j < to && isIdentPart(text.charCodeAt(j))) j++;
    return j;
  }
  if (kind === 'char' || kind === 'string')
    return quotedEnd(text, text.indexOf(kind === 'char' ? "'" : '"', i), to);
  if (kind === 'number') return numberEnd(text, i, to);
  if (MULTI_START.has(c) && i + 1 < to) {
    if (i + 2 < to && PUNCT3.includes(text.slice(i, i + 3))) return i + 3;
    if (PUNCT2_SET.has(text.slice(i, i + 2))) return i + 2;
  }
  // keep a surrogate pair together so slices stay valid UTF-16
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) return i + 2;
  return i + 1;
}

function quotedEnd(text: string, open: number, to: number): number {
  const quote = text.charCodeAt(open);
  let j = open + 1;
  while (j < to) {
    const c = text.charCodeAt(j);
    if (c === 92) j += 2;
    else if (c === quote) return j + 1;
    else if (c === 10) return j;
    else j++;
  }
  return to;
}

/** A preprocessing number: digits, letters, `.`, and signs after an exponent. */
function numberEnd(text: string, i: number, to: number): number {
  let j = i + 1;
  while (j < to) {
    const c = text.charCodeAt(j);
    const prev = text.charCodeAt(j - 1) | 0x20; // lower-cased
    if ((c === 43 || c === 45) && (prev === 101 || prev === 112)) j++;
    else if (isIdentPart(c) || c === 46 || c === 39) j++;
    else break;
  }
  return j;
}
