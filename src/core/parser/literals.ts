// Literals for the declaration parser: an adapter onto the one decoder in
// expr/literals.ts (the #if path uses the same), returning our Expr nodes.
// Floating constants are reported as `invalid`: no UAPI layout depends on them.

import type { Expr } from '../lang/ast';
import { charConstantValue, parseIntLiteral, stringValue } from '../expr/literals';

export function parseNumberLiteral(text: string): Expr {
  const lit = parseIntLiteral(text);
  if (typeof lit === 'string') return { kind: 'invalid', text, reason: lit };
  return { kind: 'int', value: lit.value, unsigned: lit.unsigned, longs: lit.longs, text };
}

/** A character constant as gcc evaluates it for a signed plain `char` (the evaluator
 *  re-reads the text for ABIs whose `char` is unsigned). */
export function parseCharLiteral(text: string): Expr {
  const value = charConstantValue(text);
  if (value === undefined) {
    const empty = /^(u8|u|U|L)?''$/.test(text);
    return {
      kind: 'invalid',
      text,
      reason: empty ? 'empty character constant' : `malformed character constant ${text}`,
    };
  }
  return { kind: 'char', value, text };
}

export function parseStringLiteral(text: string): string {
  return stringValue(text);
}
