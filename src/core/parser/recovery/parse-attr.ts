// GCC `__attribute__((...))` and C23 `[[...]]` attribute lists, with names
// normalized (`__packed__` -> `packed`, `gnu::aligned` -> `aligned`) and
// arguments lowered to Expr. Used by the tree lowering and the recovery parser.

import type { Expr } from '../../lang/ast';
import type { Attribute } from '../../lang/ast';
import { describeToken } from '../lower/lower-context';
import { parseExpression } from './parse-expr';
import { ParseError, type TokenCursor } from './token-cursor';

export const ATTRIBUTE_KEYWORDS: ReadonlySet<string> = new Set(['__attribute__', '__attribute']);

/** `__packed__` -> `packed`; a `gnu::` style prefix is dropped. */
export function normalizeAttributeName(name: string): string {
  const bare = name.includes('::') ? name.slice(name.lastIndexOf('::') + 2) : name;
  const m = /^__(.+)__$/.exec(bare);
  return m ? m[1] : bare;
}

/** Whether the cursor is at the start of an attribute specifier. */
export function atAttribute(tc: TokenCursor): boolean {
  return (
    (tc.tok.kind === 'ident' && ATTRIBUTE_KEYWORDS.has(tc.tok.text)) || (tc.is('[') && tc.peek().text === '[')
  );
}

/** Parses consecutive attribute specifiers at the cursor. Throws ParseError on malformed ones. */
export function parseAttributes(tc: TokenCursor): Attribute[] {
  const out: Attribute[] = [];
  while (atAttribute(tc)) {
    if (tc.is('[')) parseStandardAttributes(tc, out);
    else parseGnuAttributes(tc, out);
  }
  return out;
}

function parseGnuAttributes(tc: TokenCursor, out: Attribute[]): void {
  tc.next();
  tc.expect('(', 'after __attribute__');
  tc.expect('(', 'after __attribute__(');
  parseAttributeList(tc, out, ')');
  tc.expect(')', 'to close the attribute list');
  tc.expect(')', 'to close __attribute__');
}

function parseStandardAttributes(tc: TokenCursor, out: Attribute[]): void {
  tc.next();
  tc.next();
  parseAttributeList(tc, out, ']');
  tc.expect(']', 'to close [[ attributes');
  tc.expect(']', 'to close [[ attributes');
}

function parseAttributeList(tc: TokenCursor, out: Attribute[], close: string): void {
  while (!tc.is(close)) {
    if (tc.accept(',')) continue;
    if (tc.tok.kind !== 'ident') tc.fail(`expected an attribute name, found ${describeToken(tc.tok.text)}`);
    const first = tc.next();
    let name = first.text;
    if (tc.accept('::')) name += `::${tc.next().text}`;
    const args = tc.is('(') ? parseArguments(tc) : [];
    out.push({ name: normalizeAttributeName(name), args, loc: tc.ctx.loc(first.start, tc.lastEnd) });
  }
}

/** Attribute arguments: expressions; an argument that is not one is kept as `invalid`. */
function parseArguments(tc: TokenCursor): Expr[] {
  tc.next();
  const args: Expr[] = [];
  while (!tc.is(')') && !tc.atEnd) {
    const start = tc.tok.start;
    const save = tc.pos;
    try {
      args.push(parseExpression(tc));
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      tc.pos = save;
      tc.skipTo([',', ')'], false);
      args.push({ kind: 'invalid', text: tc.ctx.slice(start, tc.lastEnd).trim(), reason: err.message });
    }
    if (!tc.accept(',')) break;
  }
  tc.expect(')', 'to close attribute arguments');
  return args;
}
