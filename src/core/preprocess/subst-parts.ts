// The pieces of one macro substitution that need no expander state: the limit
// errors, argument-count checks, `#` and `##` size checks, placemarkers and the
// bounds of `__VA_OPT__(...)`, the shape of an invocation. Split from expand.ts (the algorithm itself).

import { stringize, type PPToken } from './pp-token';
import type { Reader } from './reader';
import type { MacroDef } from './types';
import { MAX_MACRO_TOKEN_CHARS } from '../limits';

/** Thrown when an expansion exceeds a hard limit; caught by the caller that started it. */
export class ExpansionLimit extends Error {}

/** The unit-wide budget (ExpandLimits.maxTotalTokens) is used up: no further expansion is tried. */
export class TotalExpansionLimit extends ExpansionLimit {}

/** What invocation() answers when a built-in (`_Pragma`, `__LINE__`, ...) was replaced at once. */
export const REPLACED = Symbol('replaced');

/** A macro invocation read from the input: the macro, its name token, arguments and the hide set of its result. */
export interface Invocation {
  m: MacroDef;
  inv: PPToken;
  args: PPToken[][] | null;
  hs: PPToken['hide'];
}

export interface SubstCtx {
  m: MacroDef;
  inv: PPToken;
  args: PPToken[][];
  expanded: PPToken[][];
}

/** Throws when a token made by `#` or `##` would pass MAX_MACRO_TOKEN_CHARS (checked before it is built). */
export function checkTokenChars(length: number, op: '#' | '##', c: SubstCtx): void {
  if (length > MAX_MACRO_TOKEN_CHARS)
    throw new ExpansionLimit(
      `'${op}' in macro '${c.m.name}' would make a token of more than ${MAX_MACRO_TOKEN_CHARS} characters`,
    );
}

/** stringize(), refused before it is built when the tokens' text alone passes the limit, and after
 *  when escaping (which at most doubles it) does. */
export function stringizeChecked(tokens: readonly PPToken[], c: SubstCtx): string {
  let n = 2;
  for (const t of tokens) n += t.text.length;
  checkTokenChars(n, '#', c);
  const s = stringize(tokens);
  checkTokenChars(s.length, '#', c);
  return s;
}

/** The text of `_Pragma`'s string operand (C11 6.10.9: prefix and quotes dropped, \\" and \\\\ undone). */
export function destringize(literal: string): string {
  const body = literal.replace(/^(?:u8|[uUL])?"/, '').replace(/"$/, '');
  return body.replace(/\\(["\\])/g, '$1');
}

export function copy(t: PPToken): PPToken {
  return { ...t };
}

export function placemarker(inv: PPToken): PPToken {
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

export function paramIndex(m: MacroDef, t: { kind: string; text: string }): number {
  if (!m.params || t.kind !== 'ident') return -1;
  return m.params.indexOf(t.text);
}

/** Index of the `)` closing `__VA_OPT__(` that starts at body index k (or to-1 if unbalanced). */
export function vaOptEnd(body: readonly { text: string }[], k: number, to: number): number {
  let depth = 0;
  for (let j = k + 1; j < to; j++) {
    if (body[j].text === '(') depth++;
    else if (body[j].text === ')' && --depth === 0) return j;
  }
  return to - 1;
}

export function checkArgCount(m: MacroDef, args: PPToken[][]): string | undefined {
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
export function append(out: PPToken[], items: readonly PPToken[]): void {
  for (const t of items) out.push(t);
}

/** A token of m's body as it appears in the expansion (at the invocation's place). */
export function bodyToken(
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

/** The string literal `#` makes, at the invocation's place. */
export function stringToken(text: string, inv: PPToken, spaceBefore: boolean): PPToken {
  return { kind: 'string', text, file: inv.file, offset: inv.offset, spaceBefore, hide: null };
}

/** Reads the arguments after `(` of an invocation, up to a number of tokens at a time (a huge
 *  argument list is read in steps: expand.ts pauses between); on failure it gives back the tokens
 *  consumed so the caller can put them back. An unterminated list is read to the end once per
 *  input: the Reader then knows (cannotClose) which later lists cannot close either. */
export class ArgCollector {
  private readonly consumed: PPToken[] = [];
  private readonly args: PPToken[][] = [[]];
  private depth = 0;

  constructor(
    readonly m: MacroDef,
    /** The macro's name token and the `(` after it. */
    readonly inv: PPToken,
    readonly lparen: PPToken,
  ) {}

  /** Reads at most `limit` tokens from r: the arguments and the `)`, `{ failed }` with the tokens
   *  read (an unterminated list, a wrong count: `report` said why, once per input for the
   *  unterminated), or undefined: not done yet. */
  step(
    r: Reader,
    limit: number,
    report: (message: string) => void,
  ): { args: PPToken[][]; rparen: PPToken } | { failed: PPToken[]; unterminated?: true } | undefined {
    const { m, consumed, args } = this;
    const params = m.params!;
    for (let n = 0; n < limit; n++) {
      // Known not to close (an earlier list ran to the end and said so): the same error, found
      // without reading to the end again, and not said again (gcc says it once).
      if (r.cannotClose(this.depth)) return { failed: consumed, unterminated: true };
      const a = r.next();
      if (!a) {
        report(`unterminated argument list invoking macro '${m.name}'`);
        r.markEnd();
        return { failed: consumed, unterminated: true };
      }
      consumed.push(a);
      if (a.text === '(') this.depth++;
      else if (a.text === ')') {
        if (this.depth === 0) {
          const err = checkArgCount(m, args);
          if (err) {
            report(err);
            return { failed: consumed };
          }
          if (m.variadic && args.length === params.length - 1) args.push([]);
          return { args, rparen: a };
        }
        this.depth--;
      } else if (a.text === ',' && this.depth === 0 && !(m.variadic && args.length === params.length)) {
        args.push([]);
        continue;
      }
      args[args.length - 1].push(a);
    }
    return undefined;
  }
}

/** `_Pragma("...")` after its name t: reads it from r (it produces no tokens) and hands its text to
 *  host.pragma; false (r as it was, an error reported when unterminated) when it is none. */
export function skipPragma(
  t: PPToken,
  r: Reader,
  host: {
    pragma?(text: string, at: PPToken): void;
    report(code: 'macro-expansion', message: string, at: PPToken): void;
  },
): boolean {
  if (r.peek()?.text !== '(') return false;
  const seen: PPToken[] = [r.next()!];
  // Known to end without a `)` (an earlier list read to the end): no second read to the end.
  for (let a = r.noCloseAhead() ? null : r.next(); a; a = r.noCloseAhead() ? null : r.next()) {
    seen.push(a);
    if (a.text !== ')') continue;
    if (seen.length === 3 && seen[1].kind === 'string') host.pragma?.(destringize(seen[1].text), t);
    return true;
  }
  r.markEnd();
  host.report('macro-expansion', `unterminated _Pragma`, t);
  r.pushFront(seen);
  return false;
}
