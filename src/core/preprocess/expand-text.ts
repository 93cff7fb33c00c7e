// Expanding and evaluating text against a finished macro table, for users
// outside the preprocessor run: hovers on #define values, enumerators such as
// `_IOR(';', 1, struct x)`, attribute arguments. Never throws.

import { evaluate, type EvalEnv, type EvalResult } from '../expr/evaluate';
import type { Expr } from '../expr/expr';
import { parseExpr } from '../expr/parse';
import { Expander, ExpansionLimit } from './expand';
import { lexTokens } from './lexer';
import { spell, type PPToken } from './pp-token';
import type { MacroDef, Token } from './types';

/** Where expansion finds macros: a finished macro table, or a wrapper that records lookups. */
export type MacroLookup = { get(name: string): MacroDef | undefined };

export interface TextExpansion {
  tokens: Token[];
  /** The expansion spelled as text. */
  text: string;
  /** Problems met while expanding (wrong argument counts, limits). */
  errors: string[];
}

/** Fully macro-expands tokens (or text) with the given macro table. */
export function expandWithMacros(input: string | readonly Token[], macros: MacroLookup): TextExpansion {
  const toks: PPToken[] = (typeof input === 'string' ? lexTokens(input) : input).map((t) => ({
    ...t,
    hide: null,
  }));
  const errors: string[] = [];
  const expander = new Expander(
    {
      lookup: (n) => macros.get(n),
      builtin: () => undefined,
      report: (_code, message) => errors.push(message),
    },
    { maxTokens: 1_000_000, maxDepth: 200 },
  );
  let out: PPToken[];
  try {
    out = expander.expandList(toks);
  } catch (e) {
    if (!(e instanceof ExpansionLimit)) errors.push(`internal error: ${(e as Error)?.message ?? e}`);
    else errors.push(e.message);
    out = toks;
  }
  const tokens: Token[] = out.map(({ kind, text, file, offset, spaceBefore }) => ({
    kind,
    text,
    file,
    offset,
    spaceBefore,
  }));
  return { tokens, text: spell(tokens), errors };
}

/** Expands text with the macros, parses it as a constant expression. */
export function parseWithMacros(
  input: string | readonly Token[],
  macros: MacroLookup,
  isTypeName?: (name: string) => boolean,
): { expr: Expr; errors: string[] } {
  const e = expandWithMacros(input, macros);
  return { expr: parseExpr(e.tokens, isTypeName), errors: e.errors };
}

/** Expands, parses and evaluates text (e.g. a macro name such as `VFIO_GET_API_VERSION`). */
export function evaluateWithMacros(
  input: string | readonly Token[],
  macros: MacroLookup,
  env: EvalEnv,
  isTypeName?: (name: string) => boolean,
): EvalResult {
  const { expr, errors } = parseWithMacros(input, macros, isTypeName);
  if (errors.length) return { ok: false, error: errors.join('; ') };
  return evaluate(expr, env);
}
