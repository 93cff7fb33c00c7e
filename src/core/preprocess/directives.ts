// The directive lines: conditionals (#if family), #define/#undef, #include
// family, #error/#warning, #pragma, and the ones we ignore (#line, #ident).
// A directive line leaves blank lines in the output (an #include, the file).

import { join, normalize } from 'node:path';
import { DiagCode } from '../diag/codes';
import { MAX_IF_TOKENS } from '../limits';
import { ExpansionLimit } from './expand';
import { evalIf } from './if-expr';
import { includeFile } from './include-file';
import { K_IDENT, K_NUMBER, K_STRING, nameHash, tokenText, type LexedFile } from './lexer';
import { macrosEqual } from './macro-def';
import { docOf, parsedDefine } from './define-line';
import { newlines } from './file-source';
import type { CondEntry, Frame, Preprocessor, Walk } from './preprocessor';
import type { Steps } from '../steps';
import type { PPToken } from './pp-token';

const CONDITIONALS = new Set(['if', 'ifdef', 'ifndef', 'elif', 'elifdef', 'elifndef', 'else', 'endif']);
/** Operators gcc reports as defined macros (`#if defined __has_include`). */
const IF_OPERATORS = new Set([
  '__has_include',
  '__has_include_next',
  '__has_attribute',
  '__has_c_attribute',
  '__has_cpp_attribute',
  '__has_builtin',
]);
const IGNORED = new Set(['line', 'ident', 'sccs', 'assert', 'unassert']);

/** Handles the directive whose '#' is token i; `end` is the first token of the next line. An
 *  #include returns the steps that process the included file (the line's end is output after them). */
export function runDirective(
  pp: Preprocessor,
  frame: Frame,
  i: number,
  end: number,
  w: Walk,
): Steps<void> | undefined {
  const f = frame.file;
  const hashAt = f.toOrig(f.start[i]);
  const lineEndAt = f.toOrig(directiveEnd(f, end));
  pp.flush(frame, hashAt, w);
  const nameTok = i + 1 < end ? i + 1 : -1;
  const name = nameTok >= 0 && f.kind[nameTok] === K_IDENT ? tokenText(f, nameTok) : '';
  const active = isActive(frame);
  const d: Directive = { pp, frame, f, i, end, name, hashAt, lineEndAt };
  let include: Steps<void> | undefined;
  if (CONDITIONALS.has(name)) conditional(d);
  else if (active) include = activeDirective(d, nameTok);
  else if (name === 'define' && frame.isMain) define(d, false);
  if (include) return endAfter(include, d, w);
  endLine(d, w);
  return undefined;
}

/** The directive line itself becomes blank lines in the output. */
function endLine(d: Directive, w: Walk): void {
  d.pp.out.emit(newlines(d.f.text, d.hashAt, d.lineEndAt), d.f.path, d.hashAt, d.lineEndAt);
  w.copyFrom = d.lineEndAt;
}

function* endAfter(include: Steps<void>, d: Directive, w: Walk): Steps<void> {
  yield* include;
  endLine(d, w);
}

interface Directive {
  pp: Preprocessor;
  frame: Frame;
  f: LexedFile;
  /** Token index of '#', and of the first token after the line. */
  i: number;
  end: number;
  name: string;
  hashAt: number;
  lineEndAt: number;
}

function isActive(frame: Frame): boolean {
  const c = frame.cond;
  return c.length === 0 || c[c.length - 1].active;
}

/** Clean offset where a directive line ends: the newline after its last token, past trailing comments. */
function directiveEnd(f: LexedFile, end: number): number {
  const s = f.clean;
  let p = f.end[end - 1];
  while (p < s.length) {
    const c = s.charCodeAt(p);
    if (c === 10) return p;
    if (c === 47 && s.charCodeAt(p + 1) === 42) {
      const close = s.indexOf('*/', p + 2);
      p = close < 0 ? s.length : close + 2;
    } else if (c === 47 && s.charCodeAt(p + 1) === 47) {
      const nl = s.indexOf('\n', p);
      return nl < 0 ? s.length : nl;
    } else p++;
  }
  return s.length;
}

function report(
  d: Directive,
  code: string,
  message: string,
  tok = d.i,
  severity: 'error' | 'warning' = 'error',
): void {
  const f = d.f;
  d.pp.report(code, severity, f.path, f.toOrig(f.start[tok]), f.toOrig(f.end[tok]), message);
}

function activeDirective(d: Directive, nameTok: number): Steps<void> | undefined {
  const { f, name } = d;
  switch (name) {
    case 'define':
      define(d, true);
      break;
    case 'undef':
      undef(d);
      break;
    case 'include':
    case 'include_next':
    case 'import':
      return include(d);
    case 'error':
    case 'warning': {
      const text = restOfLine(d, d.i + 2);
      const sev = name === 'error' ? 'error' : 'warning';
      report(d, DiagCode.userError, `#${name} ${text}`.trimEnd(), d.i + 1, sev);
      break;
    }
    case 'pragma':
      pragma(d);
      break;
    default:
      if (nameTok < 0 || IGNORED.has(name) || f.kind[nameTok] === K_NUMBER) break;
      report(
        d,
        DiagCode.directiveError,
        `invalid preprocessing directive #${tokenText(f, nameTok)}`,
        nameTok,
      );
  }
  return undefined;
}

function restOfLine(d: Directive, from: number): string {
  if (from >= d.end) return '';
  const f = d.f;
  return f.clean
    .slice(f.start[from], f.end[d.end - 1])
    .replace(/\s+/g, ' ')
    .trim();
}

function tokensAfterName(d: Directive): PPToken[] {
  return d.pp.lineTokens(d.f, d.i + 2, d.end);
}

function define(d: Directive, active: boolean): void {
  const { pp, f } = d;
  const first = d.i + 2;
  const parsed = parsedDefine(pp, f, d);
  const { loc, res } = parsed;
  if (!res.ok) {
    if (active) report(d, DiagCode.directiveError, res.error, res.at < 0 ? d.i + 1 : first + res.at);
    return;
  }
  const m = res.macro;
  if (active) {
    // Most names are defined for the first time: when no macro ever had the name's hash there is no
    // previous definition, and the macro table (10,000s of names in a whole tree) is not probed.
    const prev = pp.mayBeMacro(nameHash(m.name)) ? pp.macros.get(m.name)?.def : undefined;
    if (prev && prev.loc.file !== '<built-in>' && !macrosEqual(prev, m)) {
      report(d, DiagCode.directiveError, `'${m.name}' redefined`, first, 'warning');
      const last = pp.diagnostics[pp.diagnostics.length - 1];
      last.related = [{ file: prev.loc.file, range: prev.loc.range, message: 'previous definition is here' }];
    }
    pp.define(m);
  }
  if (d.frame.isMain) {
    const doc = docOf(parsed, f, d.i);
    pp.defines.push(
      doc === undefined ? { macro: m, nameLoc: loc, active } : { macro: m, nameLoc: loc, active, doc },
    );
  }
}

function undef(d: Directive): void {
  const t = d.i + 2;
  if (t >= d.end || d.f.kind[t] !== K_IDENT) {
    return report(d, DiagCode.directiveError, 'no macro name given in #undef directive');
  }
  d.pp.undefine(tokenText(d.f, t));
}

function include(d: Directive): Steps<void> | undefined {
  const { pp, f, frame } = d;
  const op = includeOperand(d);
  if (typeof op === 'string') {
    report(d, DiagCode.directiveError, op, d.i + 1);
    return undefined;
  }
  const next =
    d.name === 'include_next'
      ? nextDirIndex(pp.options.includeDirs, frame.dirIndex, f.path, op.spelled)
      : undefined;
  const at = { file: f.path, start: d.hashAt, end: f.toOrig(f.end[d.end - 1]) };
  return includeFile(pp, op.spelled, op.angled, next, at, (fr, i, end, w) => runDirective(pp, fr, i, end, w));
}

/** Where `#include_next` searches on from. A file reached by path (a main file, a quoted
 *  include) has no search directory of its own: when one of the include directories holds
 *  this very file under the spelled name, the search goes on after it, so a header found by
 *  path does not find itself again (a false include cycle); otherwise from the start, as gcc. */
function nextDirIndex(dirs: readonly string[], dirIndex: number, file: string, spelled: string): number {
  if (dirIndex >= 0) return dirIndex;
  const self = normalize(file);
  const k = dirs.findIndex((dir) => normalize(join(dir, spelled)) === self);
  return k;
}

function includeOperand(d: Directive): { spelled: string; angled: boolean } | string {
  const { f } = d;
  const t = d.i + 2;
  const bad = `#${d.name} expects "FILENAME" or <FILENAME>`;
  if (t >= d.end) return bad;
  const first = tokenText(f, t);
  if (f.kind[t] === K_STRING && first.startsWith('"')) return { spelled: first.slice(1, -1), angled: false };
  if (first === '<') {
    const close = f.clean.indexOf('>', f.start[t]);
    if (close < 0 || close > f.end[d.end - 1]) return `missing terminating > character in #${d.name}`;
    return { spelled: f.clean.slice(f.start[t] + 1, close), angled: true };
  }
  let expanded: PPToken[];
  try {
    d.pp.expander.resetBudget();
    expanded = d.pp.expander.expandList(d.pp.lineTokens(f, t, d.end));
  } catch (e) {
    if (e instanceof ExpansionLimit) return `#${d.name}: ${e.message}`;
    throw e;
  }
  const e0 = expanded[0];
  if (e0?.kind === 'string' && e0.text.startsWith('"'))
    return { spelled: e0.text.slice(1, -1), angled: false };
  if (e0?.text === '<') {
    const close = expanded.findIndex((x) => x.text === '>');
    if (close > 0) {
      // A header name built from tokens keeps only the source's spacing (no separating spaces).
      const spelled = expanded.slice(1, close).map((x, k) => (k > 0 && x.spaceBefore ? ' ' : '') + x.text);
      return { spelled: spelled.join(''), angled: true };
    }
  }
  return bad;
}

function pragma(d: Directive): void {
  const { pp, f } = d;
  const text = restOfLine(d, d.i + 2);
  if (text === 'once') {
    f.pragmaOnce = true;
    pp.define({ name: `#once ${f.path}`, body: [], bodyText: '', loc: pp.loc(f.path, d.hashAt, d.hashAt) });
    return;
  }
  pp.pragmas.push({ text, offset: pp.out.length, loc: pp.loc(f.path, d.hashAt, d.lineEndAt) });
}

function conditional(d: Directive): void {
  const { frame, name } = d;
  const c = frame.cond;
  const top: CondEntry | undefined = c[c.length - 1];
  if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
    const parentActive = isActive(frame);
    const value = parentActive ? condition(d, name) : false;
    const e: CondEntry = {
      active: parentActive && value,
      taken: !parentActive || value,
      parentActive,
      sawElse: false,
      directive: name,
      offset: d.hashAt,
    };
    const guard = d.i === 0 ? guardName(d) : undefined;
    if (guard) e.guard = guard;
    c.push(e);
    return;
  }
  if (!top) return report(d, DiagCode.directiveError, `#${name} without #if`, d.i + 1);
  if (name === 'endif') {
    c.pop();
    if (top.guard && c.length === 0 && d.end >= d.f.count) d.f.guard = top.guard;
    return;
  }
  if (top.sawElse) return report(d, DiagCode.directiveError, `#${name} after #else`, d.i + 1);
  if (name === 'else') {
    top.active = top.parentActive && !top.taken;
    top.taken = true;
    top.sawElse = true;
    return;
  }
  if (top.taken) {
    top.active = false;
    return;
  }
  const value = condition(d, name === 'elif' ? 'if' : name === 'elifdef' ? 'ifdef' : 'ifndef');
  top.active = value;
  top.taken = value;
}

/** Evaluates the condition of an #if/#ifdef/#ifndef-like line. */
function condition(d: Directive, kind: 'if' | 'ifdef' | 'ifndef'): boolean {
  const { pp, f } = d;
  if (kind !== 'if') {
    const t = d.i + 2;
    if (t >= d.end || f.kind[t] !== K_IDENT) {
      report(d, DiagCode.directiveError, `no macro name given in #${d.name} directive`, d.i + 1);
      return false;
    }
    const name = tokenText(f, t);
    const defined = pp.lookup(name) !== undefined || IF_OPERATORS.has(name);
    return kind === 'ifdef' ? defined : !defined;
  }
  if (d.end - (d.i + 2) > MAX_IF_TOKENS) {
    report(
      d,
      DiagCode.exprError,
      `in #${d.name}: ${d.end - (d.i + 2)} tokens, more than the limit of ${MAX_IF_TOKENS} for one condition; taken as false`,
      d.i + 1,
    );
    return false;
  }
  const r = evalIf(tokensAfterName(d), {
    expander: pp.expander,
    isDefined: (n) => pp.lookup(n) !== undefined || IF_OPERATORS.has(n),
    hasInclude: (spelled, angled, next) =>
      pp.hasInclude(spelled, angled, next ? d.frame.dirIndex : undefined, f.path),
  });
  if (!r.ok) {
    report(d, DiagCode.exprError, `in #${d.name}: ${r.error}`, d.i + 1);
    return false;
  }
  return r.value;
}

/** `X` for `#ifndef X`, `#if !defined X` or `#if !defined(X)` (a possible include guard). */
function guardName(d: Directive): string | undefined {
  const texts: string[] = [];
  for (let t = d.i + 2; t < d.end && texts.length < 5; t++) texts.push(tokenText(d.f, t));
  if (d.name === 'ifndef' && texts.length === 1) return texts[0];
  if (d.name !== 'if' || texts[0] !== '!' || texts[1] !== 'defined') return undefined;
  if (texts.length === 3) return texts[2];
  if (texts.length === 5 && texts[2] === '(' && texts[4] === ')') return texts[3];
  return undefined;
}

/** Reports conditionals left open at the end of a file, and closes them. */
export function closeConditionals(pp: Preprocessor, frame: Frame): void {
  for (const e of frame.cond) {
    const end = e.offset + 1 + e.directive.length;
    pp.report(
      DiagCode.directiveError,
      'error',
      frame.file.path,
      e.offset,
      end,
      `unterminated #${e.directive} (no matching #endif in this file)`,
    );
  }
  frame.cond.length = 0;
}
