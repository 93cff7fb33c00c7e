// Building macro definitions: the `#define` line grammar (object-like,
// function-like, `...`, GNU named variadics), checks on `#` and `##`, and
// structural equality (redefinition checks and cache validation).

import type { SourceLocation } from '../text/position';
import { lexTokens } from './lexer';
import { spell } from './pp-token';
import type { MacroDef, Token } from './types';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../steps';

export type DefineResult = { ok: true; macro: MacroDef } | { ok: false; error: string; at: number };

/** The tokens after `#define`, read on demand (a #define's body is only materialized if expanded). */
export interface DefineLine {
  count: number;
  text(k: number): string;
  isIdent(k: number): boolean;
  spaceBefore(k: number): boolean;
  token(k: number): Token;
  /** The length of spell() of tokens [from, count) (the first without its space), without building them. */
  spelledLength?(from: number): number;
}

export function tokenLine(toks: readonly Token[]): DefineLine {
  return {
    count: toks.length,
    text: (k) => toks[k].text,
    isIdent: (k) => toks[k].kind === 'ident',
    spaceBefore: (k) => toks[k].spaceBefore,
    token: (k) => ({ ...toks[k] }),
  };
}

/** Parses a #define line (name first); `at` in errors is the index of the offending token (-1: the directive). */
export function parseDefine(line: DefineLine, loc: SourceLocation): DefineResult {
  if (line.count === 0) return { ok: false, error: 'macro name missing in #define', at: -1 };
  const name = line.text(0);
  if (!line.isIdent(0)) return { ok: false, error: `macro names must be identifiers, not '${name}'`, at: 0 };
  if (name === 'defined') return { ok: false, error: `'defined' cannot be used as a macro name`, at: 0 };
  let i = 1;
  let params: string[] | undefined;
  let variadic: string | undefined;
  if (line.count > 1 && line.text(1) === '(' && !line.spaceBefore(1)) {
    const r = parseParams(line, 2);
    if ('error' in r) return { ok: false, error: `${r.error} in #define ${name}`, at: r.at ?? 0 };
    params = r.params;
    variadic = r.variadic;
    i = r.next;
  }
  const problem = checkBody(line, i, params, variadic);
  if (problem) return { ok: false, error: `${problem} in #define ${name}`, at: 0 };
  const macro = lazyBodyMacro(
    name,
    loc,
    function* () {
      const body: Token[] = [];
      for (let k = i; k < line.count; k++) {
        if (((k - i) & (CHECKPOINT_EVERY - 1)) === CHECKPOINT_EVERY - 1) yield;
        body.push(line.token(k));
      }
      if (body.length) body[0].spaceBefore = false;
      return body;
    },
    line.spelledLength && (() => line.spelledLength!(i)),
  );
  if (params) macro.params = params;
  if (variadic) macro.variadic = variadic;
  return { ok: true, macro };
}

/** A MacroDef whose body tokens and spelling are built on first read (most macros are never
 *  expanded). A class, not an object literal with getters: those are slow to create in V8, and a
 *  whole tree makes tens of thousands. toJSON() keeps serialization complete. */
class LazyMacro implements MacroDef {
  params?: string[];
  variadic?: string;
  private bodyCache?: Token[];
  private textCache?: string;
  constructor(
    readonly name: string,
    readonly loc: SourceLocation,
    private makeBody: (() => Steps<Token[]>) | null,
    /** bodyText.length measured on the source line (the body not built), when the line can. */
    readonly spelledLength?: () => number,
  ) {}

  get body(): Token[] {
    return this.bodyCache ?? runSync(this.bodySteps());
  }

  /** The body built in steps (a #define of 500,000 tokens is expanded in slices, its body too). */
  *bodySteps(): Steps<Token[]> {
    if (!this.bodyCache) {
      const body = this.makeBody ? yield* this.makeBody() : [];
      // Another reader may have built it while this one paused: the first one built is kept.
      this.bodyCache ??= body;
      this.makeBody = null;
    }
    return this.bodyCache;
  }

  get built(): Token[] | undefined {
    return this.bodyCache;
  }

  get hasText(): boolean {
    return this.textCache !== undefined;
  }

  get bodyText(): string {
    return (this.textCache ??= spell(this.body));
  }

  toJSON(): MacroDef {
    const { name, params, variadic, body, bodyText, loc } = this;
    return { name, ...(params ? { params } : {}), ...(variadic ? { variadic } : {}), body, bodyText, loc };
  }
}

export function lazyBodyMacro(
  name: string,
  loc: SourceLocation,
  makeBody: () => Steps<Token[]>,
  spelledLength?: () => number,
): MacroDef {
  return new LazyMacro(name, loc, makeBody, spelledLength);
}

/** bodyText.length, without building the body when its #define line can measure it (a define of
 *  500,000 tokens is counted against the unit's budget in a few ms, its body built only if expanded). */
export function bodyTextLength(m: MacroDef): number {
  if (m instanceof LazyMacro && m.spelledLength && !m.hasText) return m.spelledLength();
  return m.bodyText.length;
}

/** m.body when it is built, else undefined (then bodySteps builds it). */
export function builtBody(m: MacroDef): Token[] | undefined {
  return m instanceof LazyMacro ? m.built : m.body;
}

/** m.body, built in steps when it is not built yet. */
export function* bodySteps(m: MacroDef): Steps<Token[]> {
  return m instanceof LazyMacro ? yield* m.bodySteps() : m.body;
}

function parseParams(
  line: DefineLine,
  start: number,
): { params: string[]; variadic?: string; next: number } | { error: string; at?: number } {
  const params: string[] = [];
  let i = start;
  const text = (k: number) => (k < line.count ? line.text(k) : undefined);
  if (text(i) === ')') return { params, next: i + 1 };
  for (;;) {
    const t = text(i);
    if (t === undefined) return { error: "missing ')' in macro parameter list" };
    if (t === '...') {
      if (text(i + 1) !== ')') return { error: "'...' must be the last parameter", at: i };
      params.push('__VA_ARGS__');
      return { params, variadic: '__VA_ARGS__', next: i + 2 };
    }
    if (!line.isIdent(i)) return { error: `expected a parameter name, found '${t}'`, at: i };
    if (params.includes(t)) return { error: `duplicate macro parameter '${t}'`, at: i };
    params.push(t);
    const sep = text(i + 1);
    if (sep === '...') {
      if (text(i + 2) !== ')') return { error: "'...' must be the last parameter", at: i + 1 };
      return { params, variadic: t, next: i + 3 };
    }
    if (sep === ')') return { params, next: i + 2 };
    if (sep !== ',')
      return {
        error: `expected ',' or ')' in parameter list, found '${sep ?? 'end of line'}'`,
        at: sep ? i + 1 : i,
      };
    i += 2;
  }
}

function checkBody(
  line: DefineLine,
  from: number,
  params: string[] | undefined,
  variadic: string | undefined,
): string | undefined {
  const last = line.count - 1;
  if (last >= from && (line.text(from) === '##' || line.text(last) === '##')) {
    return "'##' cannot appear at either end of a macro expansion";
  }
  if (!params) return undefined;
  for (let k = from; k <= last; k++) {
    const t = line.text(k);
    if (t === '#' && !line.isIdent(k)) {
      const n = k < last ? line.text(k + 1) : undefined;
      const ok =
        n !== undefined && line.isIdent(k + 1) && (params.includes(n) || (variadic && n === '__VA_OPT__'));
      if (!ok) return "'#' is not followed by a macro parameter";
    }
    if (t === '__VA_ARGS__' && variadic !== '__VA_ARGS__') {
      return '__VA_ARGS__ can only appear in the expansion of a C99 variadic macro';
    }
  }
  return undefined;
}

/** Whether two definitions are the same (C11 6.10.3p2: same parameters, same body spelling and spacing). */
export function macrosEqual(a: MacroDef | undefined | null, b: MacroDef | undefined | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.name !== b.name || a.variadic !== b.variadic) return false;
  if ((a.params === undefined) !== (b.params === undefined)) return false;
  if (a.params && b.params && a.params.join(',') !== b.params.join(',')) return false;
  return a.bodyText === b.bodyText;
}

/** A macro built from text (predefined and built-in macros); its body is lexed on first read
 *  (a run seeds ~150 of them per ABI and expands or compares a few). */
export function macroFromText(name: string, body: string, file = '<built-in>'): MacroDef {
  // A built-in body is short: built in one step.
  const lex = function* (): Steps<Token[]> {
    return lexTokens(body, file).map((t, k) => ({ ...t, spaceBefore: k === 0 ? false : t.spaceBefore }));
  };
  const loc: SourceLocation = {
    file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
  const fn = /^(\w+)\(([^)]*)\)$/.exec(name);
  if (fn) {
    const ps = fn[2]
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const variadic = ps.length && ps[ps.length - 1].endsWith('...') ? ps[ps.length - 1] : undefined;
    const m = new LazyMacro(fn[1], loc, lex);
    m.params = ps.map((p) => (p === '...' ? '__VA_ARGS__' : p.replace(/\.\.\.$/, '')));
    if (variadic) m.variadic = variadic === '...' ? '__VA_ARGS__' : variadic.replace(/\.\.\.$/, '');
    return m;
  }
  return new LazyMacro(name, loc, lex);
}
