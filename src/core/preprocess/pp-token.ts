// Tokens as the macro expander sees them: the shared Token plus a hide set
// (the macros it may no longer expand, so self-reference terminates), and
// helpers to turn token lists back into text without accidental pasting.

import { HideSetNode } from './hide-set';
import type { Token } from './types';
import { F_BOL, F_SPACE, tokenKindName, tokenText, type LexedFile } from './lexer';

/** Immutable set of macro names, shared between tokens (persistent: see hide-set.ts). */
export type HideSet = HideSetNode | null;

export interface PPToken extends Token {
  hide: HideSet;
  /** Set on the empty marker that stands for an empty argument next to `##`. */
  placemarker?: boolean;
  /** The token is exactly the source text at file/offset (a macro argument written in the
   *  file), so the output maps it back precisely instead of to the whole invocation. */
  verbatim?: boolean;
}

export function hidden(t: PPToken, name: string): boolean {
  return t.hide !== null && t.hide.has(name);
}

export function hideUnion(a: HideSet, b: HideSet): HideSet {
  if (!a || a.size === 0) return b;
  if (!b || b.size === 0) return a;
  return a.union(b);
}

export function hideIntersect(a: HideSet, b: HideSet): HideSet {
  if (!a || !b) return null;
  return a.intersect(b);
}

export function hideAdd(a: HideSet, name: string): HideSet {
  return a ? a.add(name) : HideSetNode.of(name);
}

/** Materializes token t of a lexed file (offset in the original text). */
export function fileToken(f: LexedFile, t: number): PPToken {
  return {
    kind: tokenKindName(f.kind[t]),
    text: tokenText(f, t),
    file: f.path,
    offset: f.toOrig(f.start[t]),
    spaceBefore: (f.flags[t] & (F_SPACE | F_BOL)) !== 0,
    hide: null,
  };
}

function isWordChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 36 ||
    c === 46 ||
    c >= 0x80
  );
}

const JOINS = new Set([
  '--',
  '++',
  '-=',
  '+=',
  '->',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '*=',
  '/=',
  '%=',
  '&=',
  '^=',
  '|=',
  '##',
  '//',
  '/*',
  '..',
  '<:',
  ':>',
  '<%',
  '%>',
  '%:',
]);

/** JOINS as char code pairs (first * 0x10000 + second). */
const JOIN_CODES = new Set([...JOINS].map((j) => j.charCodeAt(0) * 0x10000 + j.charCodeAt(1)));

/** Whether two adjacent token texts would lex differently without a space between them. */
export function needsSpace(prev: string, next: string): boolean {
  if (prev === '' || next === '') return false;
  const a2 = prev.length > 1 ? prev.charCodeAt(prev.length - 2) : -1;
  return needsSpaceCodes(prev.charCodeAt(prev.length - 1), a2, next.charCodeAt(0));
}

/** needsSpace on char codes: the previous token's last (a) and second-to-last (a2, -1 if none)
 *  characters and the next one's first (b), so a #define's spelling is measured without its strings. */
export function needsSpaceCodes(a: number, a2: number, b: number): boolean {
  if (isWordChar(a) && isWordChar(b)) return true;
  if ((b === 34 || b === 39) && isWordChar(a)) return true; // L "x" must not become L"x"
  // 1e+5 split after `e+` must not rejoin (a2 is e, E, p or P).
  if ((a === 43 || a === 45) && isWordChar(b) && (a2 === 101 || a2 === 69 || a2 === 112 || a2 === 80))
    return true;
  return JOIN_CODES.has(a * 0x10000 + b);
}

/** Spells tokens as source text: single spaces where the source had whitespace or where needed. */
export function spell(tokens: readonly Token[]): string {
  let s = '';
  let prev = '';
  for (const t of tokens) {
    if (t.text === '') continue;
    if (s !== '' && (t.spaceBefore || needsSpace(prev, t.text))) s += ' ';
    s += t.text;
    prev = t.text;
  }
  return s;
}

/** The `#` operator: a string literal spelling the tokens, with `"` and `\` escaped inside literals. */
export function stringize(tokens: readonly Token[]): string {
  let s = '';
  for (const t of tokens) {
    if (t.text === '') continue;
    if (s !== '' && t.spaceBefore) s += ' ';
    s += t.kind === 'string' || t.kind === 'char' ? t.text.replace(/[\\"]/g, '\\$&') : t.text;
  }
  return `"${s}"`;
}
