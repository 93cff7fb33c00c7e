// Hand-written parser for C constant expressions (array bounds, bitfield widths,
// enumerator values, attribute arguments) producing src/core/expr Expr. Used for
// both tree-sitter expression nodes (re-read as text) and the recovery parser.

import type { BinaryOp, Expr } from '../lang/ast';
import { describeToken } from './lower-context';
import { ParseError, type TokenCursor } from './token-cursor';
import { isTypeStart, parseTypeName } from './parse-decl';
import { parseCharLiteral, parseNumberLiteral, parseStringLiteral } from './literals';

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

const ALIGNOF = new Set(['_Alignof', '__alignof__', '__alignof', 'alignof', '_alignof']);
const OFFSETOF = new Set(['__builtin_offsetof', 'offsetof']);

/** Parses the tokens of one expression node; anything unparsable becomes an `invalid` Expr. */
export function parseWholeExpression(tc: TokenCursor): Expr {
  const from = tc.tok.start;
  try {
    const expr = parseCommaExpression(tc);
    if (!tc.atEnd) tc.fail(`unexpected ${describeToken(tc.tok.text)} in expression`);
    return expr;
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    const text = tc.ctx.slice(from, tc.toks[tc.toks.length - 1].start).trim();
    return { kind: 'invalid', text, reason: err.message };
  }
}

export function parseCommaExpression(tc: TokenCursor): Expr {
  let left = parseExpression(tc);
  while (tc.accept(',')) left = { kind: 'binary', op: ',', left, right: parseExpression(tc) };
  return left;
}

/** A conditional expression (C's constant-expression). Throws ParseError. */
export function parseExpression(tc: TokenCursor): Expr {
  const test = parseBinary(tc, 1);
  if (!tc.accept('?')) return test;
  const then = parseCommaExpression(tc);
  tc.expect(':', 'in conditional expression');
  return { kind: 'cond', test, then, else: parseExpression(tc) };
}

function parseBinary(tc: TokenCursor, minPrec: number): Expr {
  const depth = tc.treeDepth;
  try {
    let left = parseUnary(tc);
    for (;;) {
      const t = tc.tok;
      const prec = t.kind === 'punct' ? BINARY_PRECEDENCE[t.text] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      tc.next();
      tc.deeper();
      const right = tc.nested(() => parseBinary(tc, prec + 1));
      left = { kind: 'binary', op: t.text as BinaryOp, left, right };
    }
  } finally {
    tc.treeDepth = depth;
  }
}

function parseUnary(tc: TokenCursor): Expr {
  const t = tc.tok;
  if (t.kind === 'punct' && (t.text === '-' || t.text === '+' || t.text === '!' || t.text === '~')) {
    tc.next();
    return { kind: 'unary', op: t.text, arg: tc.nested(() => parseUnary(tc)) };
  }
  if (t.kind === 'punct' && ['*', '&', '++', '--', '&&'].includes(t.text)) {
    tc.next();
    tc.nested(() => parseUnary(tc));
    return invalidFrom(tc, t.start, `'${t.text}' is not allowed in a constant expression`);
  }
  if (t.kind === 'ident') {
    if (t.text === 'sizeof') return parseSizeof(tc);
    if (ALIGNOF.has(t.text)) return parseAlignof(tc);
    if (OFFSETOF.has(t.text) && tc.peek().text === '(') return parseOffsetof(tc);
    if (t.text === '__extension__') {
      tc.next();
      return tc.nested(() => parseUnary(tc));
    }
  }
  if (t.kind === 'punct' && t.text === '(' && isTypeStart(tc, tc.peek())) return tc.nested(() => parseCast(tc));
  return parsePostfix(tc, tc.nested(() => parsePrimary(tc)), t.start);
}

function parseSizeof(tc: TokenCursor): Expr {
  tc.next();
  if (tc.is('(') && isTypeStart(tc, tc.peek())) {
    tc.next();
    const type = parseTypeName(tc);
    tc.expect(')', 'after type in sizeof');
    return { kind: 'sizeof-type', type };
  }
  return { kind: 'sizeof-expr', arg: parseUnary(tc) };
}

function parseAlignof(tc: TokenCursor): Expr {
  const start = tc.next().start;
  if (tc.is('(') && isTypeStart(tc, tc.peek())) {
    tc.next();
    const type = parseTypeName(tc);
    tc.expect(')', 'after type in alignof');
    return { kind: 'alignof', type };
  }
  parseUnary(tc);
  return invalidFrom(tc, start, 'alignof of an expression is not supported');
}

function parseOffsetof(tc: TokenCursor): Expr {
  tc.next();
  tc.expect('(', 'after offsetof');
  const type = parseTypeName(tc);
  tc.expect(',', 'after the type in offsetof');
  const member: string[] = [identifier(tc, 'member name in offsetof')];
  for (;;) {
    if (tc.accept('.')) member.push(identifier(tc, 'member name after .'));
    else if (tc.is('[')) {
      const open = tc.next().end;
      parseCommaExpression(tc);
      member.push(`[${tc.ctx.slice(open, tc.tok.start).trim()}]`);
      tc.expect(']', 'after array index in offsetof');
    } else break;
  }
  tc.expect(')', 'to close offsetof');
  return { kind: 'offsetof', type, member };
}

function parseCast(tc: TokenCursor): Expr {
  tc.next();
  const type = parseTypeName(tc);
  tc.expect(')', 'after type in cast');
  if (tc.is('{')) {
    const start = tc.tok.start;
    tc.skipGroup();
    return invalidFrom(tc, start, 'compound literals are not constant expressions');
  }
  return { kind: 'cast', type, arg: parseUnary(tc) };
}

function parsePrimary(tc: TokenCursor): Expr {
  const t = tc.tok;
  switch (t.kind) {
    case 'number':
      tc.next();
      return parseNumberLiteral(t.text);
    case 'char':
      tc.next();
      return parseCharLiteral(t.text);
    case 'string': {
      let value = '';
      while (tc.tok.kind === 'string') value += parseStringLiteral(tc.next().text);
      return { kind: 'string', value };
    }
    case 'ident':
      tc.next();
      return { kind: 'ident', name: t.text };
    default:
      if (tc.accept('(')) {
        const inner = parseCommaExpression(tc);
        tc.expect(')', 'to close parenthesized expression');
        return inner;
      }
      return tc.fail(`expected an expression, found ${describeToken(t.text)}`);
  }
}

/** Calls, subscripts and member accesses: parsed so the text is consumed, but not constants. */
function parsePostfix(tc: TokenCursor, expr: Expr, start: number): Expr {
  let reason: string | undefined;
  for (;;) {
    if (tc.is('(')) {
      reason ??= expr.kind === 'ident' ? `call to '${expr.name}' (an unexpanded macro?)` : 'function call';
      tc.skipGroup();
    } else if (tc.is('[')) {
      reason ??= 'array subscript';
      tc.skipGroup();
    } else if (tc.is('.') || tc.is('->')) {
      reason ??= 'member access';
      tc.next();
      identifier(tc, 'member name');
    } else if (tc.is('++') || tc.is('--')) {
      reason ??= 'increment';
      tc.next();
    } else break;
  }
  return reason ? invalidFrom(tc, start, `${reason} is not a constant expression`) : expr;
}

function identifier(tc: TokenCursor, what: string): string {
  if (tc.tok.kind !== 'ident') tc.fail(`expected ${what}, found ${describeToken(tc.tok.text)}`);
  return tc.next().text;
}

function invalidFrom(tc: TokenCursor, start: number, reason: string): Expr {
  return { kind: 'invalid', text: tc.ctx.slice(start, tc.lastEnd), reason };
}
