// A Pratt parser for C constant expressions over preprocessor tokens: the
// full operator table, casts, sizeof/_Alignof/__builtin_offsetof, defined,
// literals. Never throws: malformed input yields an `invalid` Expr node.

import type { BuiltinTypeName, TypeExpr } from '../lang/ast';
import type { Token } from '../lang/tokens';
import type { BinaryOp, Expr } from '../lang/ast';
import { charConstantValue, parseIntLiteral, stringValue } from './literals';
import { defaultIsTypeName, isBuiltinWord, isQualifier, lowerBuiltin } from './type-names';
import { MAX_NESTING, MAX_TREE_DEPTH } from '../limits';

/** Parses tokens as one constant expression. Unknown identifiers are kept as `ident` nodes. */
export function parseExpr(tokens: Token[], isTypeName?: (name: string) => boolean): Expr {
  const p = new Parser(tokens.filter((t) => t.text !== ''), isTypeName ?? defaultIsTypeName);
  try {
    const e = p.expression(0);
    if (!p.atEnd()) p.fail(`unexpected '${p.peek()!.text}' after expression`);
    return e;
  } catch (err) {
    if (err instanceof ParseError) return { kind: 'invalid', text: tokensText(tokens), reason: err.message };
    return { kind: 'invalid', text: tokensText(tokens), reason: `internal error: ${(err as Error)?.message}` };
  }
}

export function tokensText(tokens: Token[]): string {
  let s = '';
  for (const t of tokens) s += (s && t.spaceBefore ? ' ' : '') + t.text;
  return s;
}

class ParseError extends Error {}

/** Binding powers of the binary operators (higher binds tighter). */
const BINARY: Record<string, number> = {
  ',': 1,
  '||': 4, '&&': 5, '|': 6, '^': 7, '&': 8,
  '==': 9, '!=': 9, '<': 10, '>': 10, '<=': 10, '>=': 10,
  '<<': 11, '>>': 11, '+': 12, '-': 12, '*': 13, '/': 13, '%': 13,
};
const COND_BP = 3;
const UNARY_BP = 14;
const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|=', '++', '--']);
/** Nesting (parentheses, unary operators, ?:) deeper than this is refused: the parser and the evaluator recurse. */
export const MAX_EXPR_NESTING = MAX_NESTING;
/** The depth of the tree, operator chains (`1+1+...`) included: the evaluator recurses once per level. */
const MAX_EXPR_DEPTH = MAX_TREE_DEPTH;

class Parser {
  private pos = 0;
  /** Nesting of expression() calls. */
  private depth = 0;
  /** Depth of the tree being built above this point: nesting plus the operator chains around it. */
  private tree = 0;

  constructor(
    private readonly toks: Token[],
    private readonly isTypeName: (name: string) => boolean,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.toks.length;
  }

  peek(k = 0): Token | undefined {
    return this.toks[this.pos + k];
  }

  fail(msg: string): never {
    throw new ParseError(msg);
  }

  private next(): Token {
    const t = this.toks[this.pos++];
    if (!t) this.fail('unexpected end of expression');
    return t;
  }

  private is(text: string, k = 0): boolean {
    const t = this.toks[this.pos + k];
    return t !== undefined && t.text === text && (t.kind === 'punct' || t.kind === 'ident');
  }

  private expect(text: string): void {
    const t = this.next();
    if (t.text !== text) this.fail(`expected '${text}' but found '${t.text}'`);
  }

  expression(minBp: number): Expr {
    if (this.depth >= MAX_EXPR_NESTING) this.fail(`expression nested too deeply (more than ${MAX_EXPR_NESTING} levels)`);
    const tree = this.tree;
    this.depth++;
    try {
      return this.operators(minBp);
    } finally {
      this.depth--;
      this.tree = tree;
    }
  }

  private operators(minBp: number): Expr {
    let left = this.prefix();
    for (;;) {
      if (++this.tree > MAX_EXPR_DEPTH) this.fail(`expression too deep (more than ${MAX_EXPR_DEPTH} levels of operators)`);
      const t = this.peek();
      if (!t || t.kind !== 'punct') break;
      if (t.text === '?') {
        if (COND_BP < minBp) break;
        this.pos++;
        const then = this.expression(0);
        this.expect(':');
        const otherwise = this.expression(COND_BP);
        left = { kind: 'cond', test: left, then, else: otherwise };
        continue;
      }
      if (ASSIGN.has(t.text)) this.fail(`'${t.text}' is not allowed in a constant expression`);
      const bp = BINARY[t.text];
      if (bp === undefined || bp < minBp) break;
      this.pos++;
      const right = this.expression(bp + 1);
      left = { kind: 'binary', op: t.text as BinaryOp, left, right };
    }
    return left;
  }

  private prefix(): Expr {
    const t = this.next();
    if (t.kind === 'punct') {
      if (t.text === '(') return this.parenOrCast();
      if (t.text === '-' || t.text === '+' || t.text === '!' || t.text === '~') {
        return { kind: 'unary', op: t.text, arg: this.expression(UNARY_BP) };
      }
      this.fail(`unexpected '${t.text}'`);
    }
    if (t.kind === 'number') return this.number(t.text);
    if (t.kind === 'char') {
      const v = charConstantValue(t.text);
      if (v === undefined) this.fail(`invalid character constant ${t.text}`);
      return { kind: 'char', value: v, text: t.text };
    }
    if (t.kind === 'string') return this.string(t);
    if (t.kind === 'ident') return this.identifier(t.text);
    return this.fail(`unexpected '${t.text}'`);
  }

  private number(text: string): Expr {
    const lit = parseIntLiteral(text);
    if (typeof lit === 'string') this.fail(lit);
    return { kind: 'int', value: lit.value, unsigned: lit.unsigned, longs: lit.longs, text };
  }

  private string(first: Token): Expr {
    let value = stringValue(first.text);
    while (this.peek()?.kind === 'string') value += stringValue(this.next().text);
    return { kind: 'string', value };
  }

  private identifier(name: string): Expr {
    switch (name) {
      case 'defined':
        return this.defined();
      case 'sizeof':
        return this.sizeofExpr();
      case '_Alignof':
      case 'alignof':
      case '__alignof__':
      case '__alignof':
        return { kind: 'alignof', type: this.parenType(name) };
      case '__builtin_offsetof':
      case 'offsetof':
        return this.offsetof();
      case '__extension__':
        return this.expression(UNARY_BP);
      default:
        if (this.is('(') && (isBuiltinWord(name) || this.isTypeName(name))) {
          this.fail(`'${name}' is a type, not a value`);
        }
        return { kind: 'ident', name };
    }
  }

  private defined(): Expr {
    const paren = this.is('(');
    if (paren) this.pos++;
    const n = this.next();
    if (n.kind !== 'ident') this.fail(`'defined' needs a macro name, found '${n.text}'`);
    if (paren) this.expect(')');
    return { kind: 'defined', name: n.text };
  }

  private sizeofExpr(): Expr {
    if (this.is('(') && this.startsType(1)) {
      this.pos++;
      const type = this.typeName();
      this.expect(')');
      return { kind: 'sizeof-type', type };
    }
    return { kind: 'sizeof-expr', arg: this.expression(UNARY_BP) };
  }

  private parenType(what: string): TypeExpr {
    if (!this.is('(')) this.fail(`'${what}' needs a parenthesized type`);
    this.pos++;
    if (!this.startsType(0)) this.fail(`'${what}' of an expression is not supported`);
    const type = this.typeName();
    this.expect(')');
    return type;
  }

  private offsetof(): Expr {
    this.expect('(');
    const type = this.typeName();
    this.expect(',');
    const member: string[] = [];
    for (;;) {
      const n = this.next();
      if (n.kind !== 'ident') this.fail(`expected a member name in offsetof, found '${n.text}'`);
      member.push(n.text);
      if (this.is('.')) {
        this.pos++;
        continue;
      }
      if (this.is('[')) this.fail('array subscripts in offsetof are not supported');
      break;
    }
    this.expect(')');
    return { kind: 'offsetof', type, member };
  }

  private parenOrCast(): Expr {
    if (this.startsType(0)) {
      const type = this.typeName();
      this.expect(')');
      if (this.is('{')) this.fail('compound literals are not constant expressions');
      return { kind: 'cast', type, arg: this.expression(UNARY_BP) };
    }
    const e = this.expression(0);
    this.expect(')');
    return e;
  }

  /** Whether the token at pos+k begins a type name. */
  private startsType(k: number): boolean {
    const t = this.peek(k);
    if (!t || t.kind !== 'ident') return false;
    const n = t.text;
    if (isBuiltinWord(n) || isQualifier(n) || n === 'struct' || n === 'union' || n === 'enum') return true;
    if (n === '__typeof__' || n === 'typeof' || n === '__typeof') return true;
    return this.isTypeName(n);
  }

  private typeName(): TypeExpr {
    let type = this.specifiers();
    while (this.is('*')) {
      this.pos++;
      while (this.peek()?.kind === 'ident' && isQualifier(this.peek()!.text)) this.pos++;
      type = { kind: 'pointer', to: type };
    }
    const dims: (Expr | null)[] = [];
    while (this.is('[')) {
      this.pos++;
      if (this.is(']')) dims.push(null);
      else dims.push(this.expression(0));
      this.expect(']');
    }
    for (let i = dims.length - 1; i >= 0; i--) type = { kind: 'array', of: type, length: dims[i] };
    if (this.is('(')) this.fail('function or pointer-to-array type names are not supported here');
    return type;
  }

  private specifiers(): TypeExpr {
    const words: string[] = [];
    let named: TypeExpr | undefined;
    for (;;) {
      const t = this.peek();
      if (!t || t.kind !== 'ident') break;
      const n = t.text;
      if (isQualifier(n)) {
        this.pos++;
      } else if (isBuiltinWord(n) && !named) {
        this.pos++;
        if (n !== '_Complex') words.push(n);
      } else if ((n === 'struct' || n === 'union' || n === 'enum') && !named && words.length === 0) {
        this.pos++;
        const tag = this.next();
        if (tag.kind !== 'ident') this.fail(`expected a tag name after '${n}'`);
        if (this.is('{')) this.fail(`a ${n} definition inside an expression is not supported`);
        named = n === 'enum' ? { kind: 'enum-ref', name: tag.text } : { kind: 'record-ref', tag: n, name: tag.text };
      } else if ((n === '__typeof__' || n === 'typeof' || n === '__typeof') && !named && words.length === 0) {
        this.pos++;
        named = { kind: 'unknown', text: `${n}(${this.skipBalanced()})` };
      } else if (!named && words.length === 0 && this.isTypeName(n)) {
        this.pos++;
        named = { kind: 'typedef-ref', name: n };
      } else {
        break;
      }
    }
    if (named) return named;
    if (words.length === 0) this.fail('expected a type name');
    const b = lowerBuiltin(words);
    if (!isBuiltinName(b)) this.fail(b);
    return { kind: 'builtin', name: b };
  }

  private skipBalanced(): string {
    this.expect('(');
    const start = this.pos;
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
    }
    return tokensText(this.toks.slice(start, this.pos - 1));
  }
}

function isBuiltinName(s: string): s is BuiltinTypeName {
  return !s.startsWith('invalid type');
}
