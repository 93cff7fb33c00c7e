// Expanding and evaluating text against a finished macro table, for users
// outside the preprocessor run: hovers on #define values, enumerators such as
// `_IOR(';', 1, struct x)`, attribute arguments. Never throws. In steps for the
// #define value pass (one value may expand to ~100,000 tokens); the sync faces run the same steps.

import { evaluate, type EvalEnv, type EvalResult } from '../expr/evaluate';
import type { Expr } from '../lang/ast';
import { parseExpr } from '../expr/parse';
import { Expander, ExpansionLimit } from './expand';
import { lexTokens } from './lexer';
import { spell, type PPToken } from './pp-token';
import type { MacroDef, Token } from './types';
import { MAX_TEXT_EXPANSION_CHARS, MAX_TEXT_EXPANSION_TOKENS } from '../limits';
import { runSync, type Steps } from '../steps';

/** Where expansion finds macros: a finished macro table, or a wrapper that records lookups. */
export type MacroLookup = { get(name: string): MacroDef | undefined };

export interface TextExpansion {
  tokens: Token[];
  /** The expansion spelled as text. */
  text: string;
  /** Problems met while expanding (wrong argument counts, limits). */
  errors: string[];
}

/** Tokens one expansion may produce: far above any real constant, low enough that a
 *  hostile `#define A2 A1 A1` chain costs a fraction of a second, not minutes. */
export { MAX_TEXT_EXPANSION_TOKENS };

/** Tokens several expansions may produce together (all #define values of one header). */
export interface ExpansionBudget {
  remaining: number;
}

/** Fully macro-expands tokens (or text) with the given macro table. */
export function expandWithMacros(
  input: string | readonly Token[],
  macros: MacroLookup,
  budget?: ExpansionBudget,
): TextExpansion {
  const { tokens, errors } = runSync(expandTokens(input, macros, budget));
  return { tokens, text: spell(tokens), errors };
}

/** expandWithMacros without the spelling (what an evaluation needs: parsing needs tokens only). */
function* expandTokens(
  input: string | readonly Token[],
  macros: MacroLookup,
  budget?: ExpansionBudget,
): Steps<{ tokens: Token[]; errors: string[] }> {
  const toks: PPToken[] = (typeof input === 'string' ? lexTokens(input) : input).map((t) => ({
    ...t,
    hide: null,
  }));
  const errors: string[] = [];
  if (budget && budget.remaining <= 0) {
    errors.push(
      'not expanded: the macro expansion budget of this header is used up (macros that expand to huge token counts)',
    );
    return { tokens: toks, errors };
  }
  const expander = new Expander(
    {
      lookup: (n) => macros.get(n),
      builtin: () => undefined,
      report: (_code, message) => errors.push(message),
    },
    {
      maxTokens: Math.min(MAX_TEXT_EXPANSION_TOKENS, budget?.remaining ?? MAX_TEXT_EXPANSION_TOKENS),
      maxDepth: 200,
    },
  );
  let out: PPToken[];
  try {
    out = yield* expander.expandListSteps(toks);
  } catch (e) {
    if (!(e instanceof ExpansionLimit)) errors.push(`internal error: ${(e as Error)?.message ?? e}`);
    else errors.push(e.message);
    out = toks;
  }
  // Not in a `finally`: an expansion abandoned at a checkpoint (a cancelled build) spends nothing.
  if (budget) budget.remaining -= Math.max(1, expander.producedTokens);
  // Measured before it is spelled: the text, not the token count, is what runs out of memory.
  let chars = 0;
  for (const t of out) chars += t.text.length + 1;
  if (chars > MAX_TEXT_EXPANSION_CHARS) {
    errors.push(`not expanded: the expansion spells more than ${MAX_TEXT_EXPANSION_CHARS} characters`);
    out = toks;
  }
  const tokens: Token[] = out.map(({ kind, text, file, offset, spaceBefore }) => ({
    kind,
    text,
    file,
    offset,
    spaceBefore,
  }));
  return { tokens, errors };
}

/** Expands text with the macros, parses it as a constant expression. */
export function parseWithMacros(
  input: string | readonly Token[],
  macros: MacroLookup,
  isTypeName?: (name: string) => boolean,
  budget?: ExpansionBudget,
): { expr: Expr; errors: string[] } {
  return runSync(parseWithMacrosSteps(input, macros, isTypeName, budget));
}

function* parseWithMacrosSteps(
  input: string | readonly Token[],
  macros: MacroLookup,
  isTypeName?: (name: string) => boolean,
  budget?: ExpansionBudget,
): Steps<{ expr: Expr; errors: string[] }> {
  const e = yield* expandTokens(input, macros, budget);
  return { expr: parseExpr(e.tokens, isTypeName), errors: e.errors };
}

/** Expands, parses and evaluates text (e.g. a macro name such as `VFIO_GET_API_VERSION`). */
export function evaluateWithMacros(
  input: string | readonly Token[],
  macros: MacroLookup,
  env: EvalEnv,
  isTypeName?: (name: string) => boolean,
  budget?: ExpansionBudget,
): EvalResult {
  return runSync(evaluateWithMacrosSteps(input, macros, env, isTypeName, budget));
}

/** evaluateWithMacros in steps: the expansion pauses at its checkpoints (the #define value pass). */
export function* evaluateWithMacrosSteps(
  input: string | readonly Token[],
  macros: MacroLookup,
  env: EvalEnv,
  isTypeName?: (name: string) => boolean,
  budget?: ExpansionBudget,
): Steps<EvalResult> {
  const { expr, errors } = yield* parseWithMacrosSteps(input, macros, isTypeName, budget);
  if (errors.length) return { ok: false, error: errors.join('; ') };
  return evaluate(expr, env);
}
