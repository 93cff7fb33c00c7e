// The one C constant-expression grammar (operators and precedence, ?:, casts,
// sizeof/_Alignof/offsetof, literals, parentheses), generic over a token source.
// The preprocessor (#if, #define values: expr/parse.ts) and the declaration parser
// (array bounds, enumerators, bitfields, attributes: parser/parse-expr.ts) bind it.

import type { BinaryOp, Expr, TypeExpr } from '../lang/ast';
import { parseCharLiteral, parseNumberLiteral, stringValue } from './literals';

export interface ExprToken {
  readonly kind: string;
  readonly text: string;
}

/** What the grammar needs from a token stream. Past the end, `peek` answers a token of kind 'eof'. */
export interface ExprSource {
  peek(k?: number): ExprToken;
  next(): ExprToken;
  /** Throws the source's parse error; the binding catches it at its recovery point. */
  fail(message: string): never;
  /** Consumes `text` or fails (`context` says where, for sources whose messages say so). */
  expect(text: string, context: string): void;
  /** Fails because an operand was expected at the current token. */
  noOperand(): never;
  /** Consumes an identifier (`what` it names) or fails. */
  identifier(what: string): string;
  /** Enters one nesting level, refusing past MAX_NESTING; returns what `leave` restores. */
  enter(): number;
  leave(saved: number): void;
  /** Counts one more level of an operator chain, refusing past MAX_TREE_DEPTH; restored through treeDepth. */
  deeper(): void;
  treeDepth: number;
  /** Whether the token k places ahead begins a type name. */
  isTypeStart(k: number): boolean;
  parseTypeName(): TypeExpr;
  /** Whether `name` names a type (asked only by dialects with `typeWords`). */
  isTypeWord(name: string): boolean;
  /** Source positions: the current token's start, the last consumed token's end, and the text between two. */
  start(): number;
  end(): number;
  slice(from: number, to: number): string;
  /** Skips a balanced (...) / [...] / {...} group at the current opener. */
  skipGroup(): void;
}

/** How a binding reads the grammar's corners. */
export interface ExprDialect {
  /** Fail on constructs that are not constant (assignments, calls, subscripts, `*x`, compound literals,
   *  alignof of an expression) instead of keeping them as `invalid` nodes and going on. */
  strict: boolean;
  /** `defined X` / `defined(X)` (the #if operator). */
  defined: boolean;
  alignof: ReadonlySet<string>;
  /** Refuse a call of a word that names a type (`int(3)`), asking the source's `isTypeWord`. */
  typeWords: boolean;
}

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
const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|=', '++', '--']);
const NOT_CONSTANT_UNARY = new Set(['*', '&', '++', '--', '&&']);
const OFFSETOF = new Set(['__builtin_offsetof', 'offsetof']);

const COMMA = 0;
const CONDITIONAL = 1;
const BINARY = 2;
const UNARY = 3;
const CAST = 4;
const PRIMARY = 5;
type Rule = typeof COMMA | typeof CONDITIONAL | typeof BINARY | typeof UNARY | typeof CAST | typeof PRIMARY;

export class ExprGrammar {
  constructor(
    private readonly src: ExprSource,
    private readonly dialect: ExprDialect,
  ) {}

  /** expression: assignment-free comma expression. */
  comma(): Expr {
    const src = this.src;
    const depth = src.treeDepth;
    try {
      let left = this.conditional();
      while (this.accept(',')) {
        src.deeper();
        left = { kind: 'binary', op: ',', left, right: this.conditional() };
      }
      return left;
    } finally {
      src.treeDepth = depth;
    }
  }

  /** conditional-expression (C's constant-expression). */
  conditional(): Expr {
    const test = this.binary(1);
    if (!this.accept('?')) return test;
    const then = this.nested(COMMA);
    this.src.expect(':', 'in conditional expression');
    return { kind: 'cond', test, then, else: this.nested(CONDITIONAL) };
  }

  /** Runs one of the rules below one nesting level deeper (no closure per call: #if is hot). */
  private nested(rule: Rule, arg = 0): Expr {
    const saved = this.src.enter();
    try {
      switch (rule) {
        case COMMA:
          return this.comma();
        case CONDITIONAL:
          return this.conditional();
        case BINARY:
          return this.binary(arg);
        case UNARY:
          return this.unary();
        case CAST:
          return this.cast();
        default:
          return this.primary();
      }
    } finally {
      this.src.leave(saved);
    }
  }

  private is(text: string, k = 0): boolean {
    const t = this.src.peek(k);
    return t.text === text && (t.kind === 'punct' || t.kind === 'ident');
  }

  private accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.src.next();
    return true;
  }

  private binary(minPrec: number): Expr {
    const src = this.src;
    const depth = src.treeDepth;
    try {
      let left = this.unary();
      for (;;) {
        const t = src.peek();
        if (t.kind !== 'punct') return left;
        if (this.dialect.strict && ASSIGN.has(t.text))
          src.fail(`'${t.text}' is not allowed in a constant expression`);
        const prec = BINARY_PRECEDENCE[t.text];
        if (prec === undefined || prec < minPrec) return left;
        src.next();
        src.deeper();
        const right = this.nested(BINARY, prec + 1);
        left = { kind: 'binary', op: t.text as BinaryOp, left, right };
      }
    } finally {
      src.treeDepth = depth;
    }
  }

  private unary(): Expr {
    const src = this.src;
    const t = src.peek();
    if (t.kind === 'punct') {
      if (t.text === '-' || t.text === '+' || t.text === '!' || t.text === '~') {
        src.next();
        return { kind: 'unary', op: t.text, arg: this.nested(UNARY) };
      }
      if (!this.dialect.strict && NOT_CONSTANT_UNARY.has(t.text)) {
        const start = src.start();
        src.next();
        this.nested(UNARY);
        return this.invalidFrom(start, `'${t.text}' is not allowed in a constant expression`);
      }
      if (t.text === '(' && src.isTypeStart(1)) return this.nested(CAST);
    }
    if (t.kind === 'ident') {
      if (t.text === 'sizeof') return this.sizeof();
      if (this.dialect.alignof.has(t.text)) return this.alignof();
      if (OFFSETOF.has(t.text) && (this.dialect.strict || this.is('(', 1))) return this.offsetof();
      if (t.text === '__extension__') {
        src.next();
        return this.nested(UNARY);
      }
    }
    const start = src.start();
    return this.postfix(this.nested(PRIMARY), start);
  }

  private sizeof(): Expr {
    const src = this.src;
    src.next();
    if (this.is('(') && src.isTypeStart(1)) {
      src.next();
      const type = src.parseTypeName();
      src.expect(')', 'after type in sizeof');
      return { kind: 'sizeof-type', type };
    }
    return { kind: 'sizeof-expr', arg: this.nested(UNARY) };
  }

  private alignof(): Expr {
    const src = this.src;
    const start = src.start();
    const name = src.next().text;
    if (this.is('(') && src.isTypeStart(1)) {
      src.next();
      const type = src.parseTypeName();
      src.expect(')', 'after type in alignof');
      return { kind: 'alignof', type };
    }
    if (this.dialect.strict) {
      if (!this.is('(')) src.fail(`'${name}' needs a parenthesized type`);
      src.fail(`'${name}' of an expression is not supported`);
    }
    this.nested(UNARY);
    return this.invalidFrom(start, 'alignof of an expression is not supported');
  }

  private offsetof(): Expr {
    const src = this.src;
    src.next();
    src.expect('(', 'after offsetof');
    const type = src.parseTypeName();
    src.expect(',', 'after the type in offsetof');
    const member: string[] = [src.identifier('member name in offsetof')];
    for (;;) {
      if (this.accept('.')) member.push(src.identifier('member name after .'));
      else if (this.is('[')) {
        if (this.dialect.strict) src.fail('array subscripts in offsetof are not supported');
        src.next();
        const open = src.end();
        this.comma();
        member.push(`[${src.slice(open, src.start()).trim()}]`);
        src.expect(']', 'after array index in offsetof');
      } else break;
    }
    src.expect(')', 'to close offsetof');
    return { kind: 'offsetof', type, member };
  }

  private cast(): Expr {
    const src = this.src;
    src.next();
    const type = src.parseTypeName();
    src.expect(')', 'after type in cast');
    if (this.is('{')) {
      const reason = 'compound literals are not constant expressions';
      if (this.dialect.strict) src.fail(reason);
      const start = src.start();
      src.skipGroup();
      return this.invalidFrom(start, reason);
    }
    return { kind: 'cast', type, arg: this.unary() };
  }

  private primary(): Expr {
    const src = this.src;
    const t = src.peek();
    switch (t.kind) {
      case 'number':
      case 'char': {
        src.next();
        const lit = t.kind === 'number' ? parseNumberLiteral(t.text) : parseCharLiteral(t.text);
        if (lit.kind === 'invalid' && this.dialect.strict) {
          src.fail(t.kind === 'number' ? lit.reason : `invalid character constant ${t.text}`);
        }
        return lit;
      }
      case 'string': {
        let value = '';
        while (src.peek().kind === 'string') value += stringValue(src.next().text);
        return { kind: 'string', value };
      }
      case 'ident':
        if (this.dialect.defined && t.text === 'defined') return this.defined();
        src.next();
        if (this.dialect.typeWords && this.is('(') && this.src.isTypeWord(t.text))
          src.fail(`'${t.text}' is a type, not a value`);
        return { kind: 'ident', name: t.text };
      default:
        if (this.accept('(')) {
          const inner = this.comma();
          src.expect(')', 'to close parenthesized expression');
          return inner;
        }
        return src.noOperand();
    }
  }

  private defined(): Expr {
    const src = this.src;
    src.next();
    const paren = this.accept('(');
    const n = src.next();
    if (n.kind !== 'ident') {
      if (n.kind === 'eof') src.noOperand();
      src.fail(`'defined' needs a macro name, found '${n.text}'`);
    }
    if (paren) src.expect(')', "after the macro name in 'defined'");
    return { kind: 'defined', name: n.text };
  }

  /** Calls, subscripts, member accesses and increments: consumed so recovery goes on, but not constants. */
  private postfix(expr: Expr, start: number): Expr {
    if (this.dialect.strict) return expr;
    const src = this.src;
    let reason: string | undefined;
    for (;;) {
      if (this.is('(')) {
        reason ??= expr.kind === 'ident' ? `call to '${expr.name}' (an unexpanded macro?)` : 'function call';
        src.skipGroup();
      } else if (this.is('[')) {
        reason ??= 'array subscript';
        src.skipGroup();
      } else if (this.is('.') || this.is('->')) {
        reason ??= 'member access';
        src.next();
        src.identifier('member name');
      } else if (this.is('++') || this.is('--')) {
        reason ??= 'increment';
        src.next();
      } else break;
    }
    return reason ? this.invalidFrom(start, `${reason} is not a constant expression`) : expr;
  }

  private invalidFrom(start: number, reason: string): Expr {
    return { kind: 'invalid', text: this.src.slice(start, this.src.end()), reason };
  }
}
