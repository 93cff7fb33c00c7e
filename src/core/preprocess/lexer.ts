// The preprocessing-token lexer: line splices, comments, pp-numbers, string
// and char literals (with prefixes), punctuators. Tokens are stored as
// parallel typed arrays (no object per token) because whole trees are lexed.

import type { LineStarts } from './line-starts';
import type { Token, TokenKind } from './types';
import { runSync, type Steps } from '../steps';

export const K_IDENT = 0;
export const K_NUMBER = 1;
export const K_STRING = 2;
export const K_CHAR = 3;
export const K_PUNCT = 4;
export const K_OTHER = 5;

const KIND_NAMES: TokenKind[] = ['ident', 'number', 'string', 'char', 'punct', 'other'];

/** Token flags. */
export const F_SPACE = 1;
export const F_BOL = 2;

/** A lexed file. Offsets index `clean` (the text with line splices removed);
 *  `toOrig` maps them back to offsets in `text`. */
export interface LexedFile {
  path: string;
  text: string;
  clean: string;
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  flags: Uint8Array;
  /** For identifiers: nameHash() of the text (a cheap pre-check before macro lookups). */
  hash: Int32Array;
  /** Offsets (in clean) of block comments that never end. */
  unterminatedComment: number;
  toOrig(offset: number): number;
  /** Set once processed: the include guard macro when the whole file is `#ifndef X ... #endif`. */
  guard?: string;
  /** Set once processed: the file said `#pragma once`. */
  pragmaOnce?: boolean;
  /** Built on first use. */
  lineIndex?: LineStarts;
  /** The #define lines parsed so far, by the token index of their '#' (directives.ts). */
  defines?: Map<number, unknown>;
}

/** The hash the lexer stores for identifiers; must match for strings and tokens. */
export function nameHash(name: string): number {
  let h = 0;
  for (let k = 0; k < name.length; k++) h = (Math.imul(h, 31) + name.charCodeAt(k)) | 0;
  return h;
}

export function tokenKindName(k: number): TokenKind {
  return KIND_NAMES[k];
}

/** Removes backslash-newline splices; returns the clean text and a map back. */
function removeSplices(text: string): { clean: string; toOrig(o: number): number } {
  if (!hasSplice(text)) return { clean: text, toOrig: (o) => o };
  const parts: string[] = [];
  const cleanAt: number[] = []; // clean offset where each removal happened
  const removedTotal: number[] = []; // chars removed up to and including that removal
  const re = /\\[ \t]*\r?\n/g;
  let last = 0;
  let removed = 0;
  let cleanLen = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    parts.push(text.slice(last, m.index));
    cleanLen += m.index - last;
    removed += m[0].length;
    cleanAt.push(cleanLen);
    removedTotal.push(removed);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  const toOrig = (o: number): number => {
    // Offsets at a removal point map after the splice (to the next real character).
    let lo = 0;
    let hi = cleanAt.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cleanAt[mid] <= o) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return o + (found < 0 ? 0 : removedTotal[found]);
  };
  return { clean: parts.join(''), toOrig };
}

function hasSplice(text: string): boolean {
  for (let k = text.indexOf('\\'); k >= 0; k = text.indexOf('\\', k + 1)) {
    let j = k + 1;
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
    if (text.charCodeAt(j) === 13) j++;
    if (text.charCodeAt(j) === 10) return true;
  }
  return false;
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c >= 0x80;
}

function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Length of the punctuator starting at i (first char c): 1, 2 or 3. */
function punctLength(s: string, i: number, c: number): number {
  const d = s.charCodeAt(i + 1);
  switch (c) {
    case 46: // .
      return d === 46 && s.charCodeAt(i + 2) === 46 ? 3 : 1;
    case 60: // <
    case 62: // >
      if (d === c) return s.charCodeAt(i + 2) === 61 ? 3 : 2;
      return d === 61 ? 2 : 1;
    case 45: // -
      return d === 45 || d === 61 || d === 62 ? 2 : 1;
    case 43: // +
    case 38: // &
    case 124: // |
      return d === c || d === 61 ? 2 : 1;
    case 35: // #
      return d === 35 ? 2 : 1;
    case 42: // *
    case 47: // /
    case 37: // %
    case 94: // ^
    case 61: // =
    case 33: // !
      return d === 61 ? 2 : 1;
    default:
      return 1;
  }
}

/** Lexes a whole file. Never throws; junk becomes `other` tokens. */
export function lexFile(path: string, text: string): LexedFile {
  return runSync(lexFileSteps(path, text));
}

/** The same, pausing every TOKENS_PER_STEP tokens (a 1 MB line is ~300,000 tokens). */
export function* lexFileSteps(path: string, text: string): Steps<LexedFile> {
  const { clean, toOrig } = removeSplices(text);
  // Headers average one token per ~13 characters (comments are long); the arrays grow if needed.
  const cap = Math.max(64, (clean.length >> 3) + 64);
  const st: LexState = {
    clean,
    kind: new Uint8Array(cap),
    start: new Int32Array(cap),
    end: new Int32Array(cap),
    flags: new Uint8Array(cap),
    hash: new Int32Array(cap),
    n: 0,
    unterminatedComment: -1,
    i: 0,
    space: false,
    bol: true,
  };
  while (!lexSome(st, st.n + TOKENS_PER_STEP)) yield;
  const { n, kind, start, end, flags, hash, unterminatedComment } = st;
  return { path, text, clean, count: n, kind, start, end, flags, hash, unterminatedComment, toOrig };
}

const TOKENS_PER_STEP = 16384;

/** Where a lexing stands between two calls of lexSome. */
interface LexState {
  readonly clean: string;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  flags: Uint8Array;
  hash: Int32Array;
  n: number;
  unterminatedComment: number;
  i: number;
  space: boolean;
  bol: boolean;
}

/** Lexes on until the text ends (true) or `limit` tokens are out (false). */
function lexSome(st: LexState, limit: number): boolean {
  const clean = st.clean;
  let { kind, start, end, flags, hash, n, unterminatedComment, i, space, bol } = st;
  const len = clean.length;

  const push = (k: number, s: number, e: number): void => {
    if (n === kind.length) {
      const grow = kind.length * 2;
      kind = grow8(kind, grow);
      flags = grow8(flags, grow);
      start = grow32(start, grow);
      end = grow32(end, grow);
      hash = grow32(hash, grow);
    }
    kind[n] = k;
    start[n] = s;
    end[n] = e;
    flags[n] = (space ? F_SPACE : 0) | (bol ? F_BOL : 0);
    n++;
    space = false;
    bol = false;
  };

  while (i < len && n < limit) {
    const c = clean.charCodeAt(i);
    if (c === 10) {
      bol = true;
      space = false;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      space = true;
      i++;
      continue;
    }
    if (c === 47) {
      const d = clean.charCodeAt(i + 1);
      if (d === 42) {
        const close = clean.indexOf('*/', i + 2);
        if (close < 0) {
          unterminatedComment = i;
          i = len;
        } else i = close + 2;
        space = true;
        continue;
      }
      if (d === 47) {
        const nl = clean.indexOf('\n', i + 2);
        i = nl < 0 ? len : nl;
        space = true;
        continue;
      }
    }
    const s = i;
    if (isIdentStart(c)) {
      let h = c;
      i++;
      for (; i < len; i++) {
        const d = clean.charCodeAt(i);
        if (!isIdentChar(d)) break;
        h = (Math.imul(h, 31) + d) | 0;
      }
      const q = clean.charCodeAt(i);
      if ((q === 34 || q === 39) && i - s <= 2 && isStringPrefix(clean, s, i - s)) {
        const e = scanQuoted(clean, i, q);
        if (e > 0) {
          push(q === 34 ? K_STRING : K_CHAR, s, e);
          i = e;
          continue;
        }
      }
      push(K_IDENT, s, i);
      hash[n - 1] = h; // after push: it may have grown the arrays
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(clean.charCodeAt(i + 1)))) {
      i = scanNumber(clean, i);
      push(K_NUMBER, s, i);
      continue;
    }
    if (c === 34 || c === 39) {
      const e = scanQuoted(clean, i, c);
      if (e > 0) {
        push(c === 34 ? K_STRING : K_CHAR, s, e);
        i = e;
      } else {
        push(K_OTHER, s, i + 1); // unterminated: a lone quote, as gcc does
        i++;
      }
      continue;
    }
    if (c < 32 || c === 127 || c === 92 || c === 64 || c === 96) {
      push(K_OTHER, s, i + 1);
      i++;
      continue;
    }
    i += punctLength(clean, i, c);
    push(K_PUNCT, s, i);
  }
  Object.assign(st, { kind, start, end, flags, hash, n, unterminatedComment, i, space, bol });
  return i >= len;
}

function grow8(a: Uint8Array, size: number): Uint8Array {
  const b = new Uint8Array(size);
  b.set(a);
  return b;
}

function grow32(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

function isStringPrefix(s: string, a: number, len: number): boolean {
  const c = s.charCodeAt(a);
  if (len === 1) return c === 76 || c === 117 || c === 85; // L u U
  return c === 117 && s.charCodeAt(a + 1) === 56; // u8
}

/** End offset (exclusive) of a quoted literal starting at i, or -1 if it does not end on this line. */
function scanQuoted(s: string, i: number, quote: number): number {
  let j = i + 1;
  const len = s.length;
  while (j < len) {
    const c = s.charCodeAt(j);
    if (c === quote) return j + 1;
    if (c === 10) return -1;
    if (c === 92) j += 2;
    else j++;
  }
  return -1;
}

function scanNumber(s: string, i: number): number {
  let j = i + 1;
  const len = s.length;
  while (j < len) {
    const c = s.charCodeAt(j);
    if ((c === 43 || c === 45) && /[eEpP]/.test(s[j - 1])) j++;
    else if (isIdentChar(c) || c === 46) j++;
    else if (c === 39 && isIdentChar(s.charCodeAt(j + 1)))
      j += 2; // C23 digit separator
    else break;
  }
  return j;
}

/** The text of token t (from the spliced-out text). */
export function tokenText(f: LexedFile, t: number): string {
  return f.clean.slice(f.start[t], f.end[t]);
}

/** Lexes a snippet into Token objects (for #define bodies given as text and for tests). */
export function lexTokens(text: string, file = '<input>'): Token[] {
  const f = lexFile(file, text);
  const out: Token[] = [];
  for (let t = 0; t < f.count; t++) {
    out.push({
      kind: KIND_NAMES[f.kind[t]],
      text: tokenText(f, t),
      file,
      offset: f.toOrig(f.start[t]),
      spaceBefore: (f.flags[t] & F_SPACE) !== 0 || ((f.flags[t] & F_BOL) !== 0 && t > 0),
    });
  }
  return out;
}
