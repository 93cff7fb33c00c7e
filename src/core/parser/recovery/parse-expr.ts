// The declaration parser's binding of the one constant-expression grammar
// (expr/grammar.ts) for array bounds, bitfield widths, enumerator values and
// attribute arguments: the hand parser's TokenCursor is the token source, its
// type names come from parse-decl, and non-constant parts become `invalid` nodes.

import type { Expr, TypeExpr } from '../../lang/ast';
import { ExprGrammar, type ExprDialect, type ExprSource } from '../../expr/grammar';
import { describeToken } from '../lower/lower-context';
import { ParseError, type TokenCursor } from './token-cursor';
import type { Tok } from './tokens';
import { isTypeStart, parseTypeName } from './parse-decl';

const DECLARATION: ExprDialect = {
  strict: false,
  defined: false,
  typeWords: false,
  alignof: new Set(['_Alignof', '__alignof__', '__alignof', 'alignof', '_alignof']),
};

/** Parses the tokens of one expression node; anything unparsable becomes an `invalid` Expr. */
export function parseWholeExpression(tc: TokenCursor): Expr {
  const from = tc.tok.start;
  try {
    const expr = parseCommaExpression(tc);
    if (!tc.atEnd) tc.fail(`unexpected ${describeToken(tc.tok.text)} in expression`);
    return expr;
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    const text = tc.ctx.slice(from, tc.peek(Infinity).start).trim();
    return { kind: 'invalid', text, reason: err.message };
  }
}

export function parseCommaExpression(tc: TokenCursor): Expr {
  return grammarOf(tc).comma();
}

/** A conditional expression (C's constant-expression). Throws ParseError. */
export function parseExpression(tc: TokenCursor): Expr {
  return grammarOf(tc).conditional();
}

/** One grammar per cursor: a declaration parse asks for many expressions over the same tokens. */
const grammars = new WeakMap<TokenCursor, ExprGrammar>();

function grammarOf(tc: TokenCursor): ExprGrammar {
  let g = grammars.get(tc);
  if (!g) grammars.set(tc, (g = new ExprGrammar(new CursorSource(tc), DECLARATION)));
  return g;
}

class CursorSource implements ExprSource {
  constructor(private readonly tc: TokenCursor) {}
  peek(k = 0): Tok {
    return k === 0 ? this.tc.tok : this.tc.peek(k);
  }
  next(): Tok {
    return this.tc.next();
  }
  fail(message: string): never {
    return this.tc.fail(message);
  }
  expect(text: string, context: string): void {
    this.tc.expect(text, context);
  }
  noOperand(): never {
    return this.tc.fail(`expected an expression, found ${describeToken(this.tc.tok.text)}`);
  }
  identifier(what: string): string {
    if (this.tc.tok.kind !== 'ident')
      this.tc.fail(`expected ${what}, found ${describeToken(this.tc.tok.text)}`);
    return this.tc.next().text;
  }
  enter(): number {
    return this.tc.enter();
  }
  leave(saved: number): void {
    this.tc.leave(saved);
  }
  deeper(): void {
    this.tc.deeper();
  }
  get treeDepth(): number {
    return this.tc.treeDepth;
  }
  set treeDepth(depth: number) {
    this.tc.treeDepth = depth;
  }
  isTypeStart(k: number): boolean {
    return isTypeStart(this.tc, this.tc.peek(k));
  }
  parseTypeName(): TypeExpr {
    return parseTypeName(this.tc);
  }
  isTypeWord(): boolean {
    return false;
  }
  start(): number {
    return this.tc.tok.start;
  }
  end(): number {
    return this.tc.lastEnd;
  }
  slice(from: number, to: number): string {
    return this.tc.ctx.slice(from, to);
  }
  skipGroup(): void {
    this.tc.skipGroup();
  }
}
