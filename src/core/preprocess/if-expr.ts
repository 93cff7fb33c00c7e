// Evaluating #if/#elif conditions: `defined`, `__has_include` and the
// `__has_*` feature tests are answered before macro expansion (as the
// standard requires), then the line is expanded, parsed and evaluated with
// #if semantics (intmax_t, leftover identifiers are 0).

import { evaluate } from '../expr/evaluate';
import { parseExpr } from '../expr/parse';
import { ExpansionLimit, type Expander } from './expand';
import type { PPToken } from './pp-token';

export interface IfContext {
  expander: Expander;
  isDefined(name: string): boolean;
  hasInclude(spelled: string, angled: boolean, next: boolean): boolean;
}

export type IfResult = { ok: true; value: boolean } | { ok: false; error: string };

/** GCC 12 attributes that matter to headers; `__has_attribute` says 1 for these, 0 otherwise. */
const KNOWN_ATTRIBUTES = new Set([
  'aligned',
  'packed',
  'unused',
  'used',
  'deprecated',
  'noreturn',
  'always_inline',
  'noinline',
  'const',
  'pure',
  'format',
  'section',
  'weak',
  'alias',
  'visibility',
  'may_alias',
  'mode',
  'transparent_union',
  'fallthrough',
  'designated_init',
  'warn_unused_result',
  'nonnull',
  'cold',
  'hot',
  'error',
  'warning',
  'externally_visible',
  'vector_size',
  'cleanup',
  'copy',
  'access',
  'malloc',
  'flatten',
  'gnu_inline',
  'nonstring',
  'no_instrument_function',
]);

export function evalIf(line: PPToken[], ctx: IfContext): IfResult {
  const pre = replaceOperators(line, ctx);
  if (typeof pre === 'string') return { ok: false, error: pre };
  if (pre.length === 0) return { ok: false, error: '#if with no expression' };
  // Macros may expand to `defined` or `__has_attribute(...)` (glibc's cdefs.h does): answer those too.
  let tokens: PPToken[];
  try {
    ctx.expander.resetBudget();
    tokens = ctx.expander.expandList(pre);
  } catch (e) {
    if (e instanceof ExpansionLimit) return { ok: false, error: e.message };
    throw e;
  }
  const expanded = replaceOperators(tokens, ctx);
  if (typeof expanded === 'string') return { ok: false, error: expanded };
  if (expanded.length === 0) return { ok: false, error: '#if expression expands to nothing' };
  const expr = parseExpr(expanded, () => false);
  const r = evaluate(expr, { mode: 'pp', defined: (n) => ctx.isDefined(n) });
  return r.ok ? { ok: true, value: r.value !== 0n } : { ok: false, error: r.error };
}

function num(at: PPToken, v: boolean): PPToken {
  return { ...at, kind: 'number', text: v ? '1' : '0', hide: null };
}

/** Replaces `defined X`, `defined(X)`, `__has_include(...)`, `__has_attribute(x)`, ... by 0/1. */
function replaceOperators(line: PPToken[], ctx: IfContext): PPToken[] | string {
  const out: PPToken[] = [];
  for (let i = 0; i < line.length; i++) {
    const t = line[i];
    if (t.kind !== 'ident') {
      out.push(t);
      continue;
    }
    if (t.text === 'defined') {
      const paren = line[i + 1]?.text === '(';
      const name = line[i + (paren ? 2 : 1)];
      if (!name || name.kind !== 'ident') return `operator 'defined' requires an identifier`;
      if (paren && line[i + 3]?.text !== ')') return `missing ')' after 'defined(${name.text}'`;
      out.push(num(t, ctx.isDefined(name.text)));
      i += paren ? 3 : 1;
      continue;
    }
    if (t.text === '__has_include' || t.text === '__has_include_next') {
      const r = hasInclude(line, i, ctx, t.text === '__has_include_next');
      if (typeof r === 'string') return r;
      out.push(num(t, r.value));
      i = r.last;
      continue;
    }
    const feature = FEATURE_TESTS[t.text];
    if (feature) {
      if (line[i + 1]?.text !== '(') return `missing '(' after '${t.text}'`;
      let j = i + 2;
      let depth = 0;
      const arg: string[] = [];
      for (; j < line.length; j++) {
        if (line[j].text === '(') depth++;
        else if (line[j].text === ')' && depth-- === 0) break;
        arg.push(line[j].text);
      }
      if (j >= line.length) return `missing ')' after '${t.text}('`;
      out.push(num(t, feature(arg.join(''))));
      i = j;
      continue;
    }
    out.push(t);
  }
  return out;
}

const FEATURE_TESTS: Record<string, (arg: string) => boolean> = {
  __has_attribute: (a) => KNOWN_ATTRIBUTES.has(a.replace(/^__(.*)__$/, '$1').replace(/^gnu::/, '')),
  __has_c_attribute: (a) =>
    ['deprecated', 'fallthrough', 'maybe_unused', 'nodiscard', 'noreturn'].includes(a),
  __has_cpp_attribute: () => false,
  __has_builtin: (a) =>
    a === '__builtin_offsetof' || a === '__builtin_expect' || a === '__builtin_constant_p',
  __has_feature: () => false,
  __has_extension: () => false,
  __has_declspec_attribute: () => false,
  __has_warning: () => false,
};

function hasInclude(
  line: PPToken[],
  i: number,
  ctx: IfContext,
  next: boolean,
): { value: boolean; last: number } | string {
  const name = line[i].text;
  if (line[i + 1]?.text !== '(') return `missing '(' after '${name}'`;
  const a = line[i + 2];
  if (a?.kind === 'string' && a.text.startsWith('"')) {
    if (line[i + 3]?.text !== ')') return `missing ')' after '${name}(${a.text}'`;
    return { value: ctx.hasInclude(a.text.slice(1, -1), false, next), last: i + 3 };
  }
  if (a?.text === '<') {
    let s = '';
    let j = i + 3;
    for (; j < line.length && line[j].text !== '>'; j++)
      s += (line[j].spaceBefore && s ? ' ' : '') + line[j].text;
    if (line[j + 1]?.text !== ')') return `missing ')' after '${name}(<${s}>'`;
    return { value: ctx.hasInclude(s, true, next), last: j + 1 };
  }
  return `operator '${name}' requires a header name`;
}
