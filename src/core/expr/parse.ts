// The #if / #define-value binding of the one constant-expression grammar
// (expr/grammar.ts) over preprocessor tokens: strict (the first non-constant
// construct fails the whole expression), with `defined` and the type names the
// preprocessor can know. Never throws: malformed input yields an `invalid` Expr node.

import type { BuiltinTypeName, Expr, TypeExpr } from '../lang/ast';
import type { Token } from '../lang/tokens';
import { ExprGrammar, type ExprDialect, type ExprSource, type ExprToken } from './grammar';
import { defaultIsTypeName, isBuiltinWord, isQualifier, lowerBuiltin } from './type-names';
import { MAX_NESTING, MAX_TREE_DEPTH } from '../limits';

/** Parses tokens as one constant expression. Unknown identifiers are kept as `ident` nodes. */
export function parseExpr(tokens: Token[], isTypeName?: (name: string) => boolean): Expr {
  const p = new DirectiveTokens(
    tokens.filter((t) => t.text !== ''),
    isTypeName ?? defaultIsTypeName,
  );
  try {
    const e = p.grammar.comma();
    if (p.peek().kind !== 'eof') p.fail(`unexpected '${p.peek().text}' after expression`);
    return e;
  } catch (err) {
    if (err instanceof ParseError) return { kind: 'invalid', text: clippedText(tokens), reason: err.message };
    return {
      kind: 'invalid',
      text: clippedText(tokens),
      reason: `internal error: ${(err as Error)?.message}`,
    };
  }
}

export function tokensText(tokens: Token[]): string {
  let s = '';
  for (const t of tokens) s += (s && t.spaceBefore ? ' ' : '') + t.text;
  return s;
}

/** The expression as quoted in a message: its start, and how much more there is. A message
 *  quoting all of an 8 MB `#if` line once per ABI wrote 8 MB of output (and built it first). */
function clippedText(tokens: Token[], max = 200): string {
  let s = '';
  let i = 0;
  for (; i < tokens.length && s.length < max; i++)
    s += (s && tokens[i].spaceBefore ? ' ' : '') + tokens[i].text;
  return i < tokens.length ? `${s.slice(0, max)} ... (${tokens.length - i} more tokens)` : s;
}

class ParseError extends Error {}

/** Nesting (parentheses, unary operators, ?:) deeper than this is refused: the parser and the evaluator recurse. */
export const MAX_EXPR_NESTING = MAX_NESTING;
const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const END: ExprToken = { kind: 'eof', text: '' };
const ALIGNOF = new Set(['_Alignof', 'alignof', '__alignof__', '__alignof']);
const DIRECTIVE: ExprDialect = { strict: true, defined: true, alignof: ALIGNOF, typeWords: true };

class DirectiveTokens implements ExprSource {
  readonly grammar: ExprGrammar;
  private pos = 0;
  /** Nesting of recursive constructs. */
  private depth = 0;
  /** Depth of the tree being built above this point: nesting plus the operator chains around it. */
  treeDepth = 0;

  constructor(
    private readonly toks: Token[],
    private readonly isTypeName: (name: string) => boolean,
  ) {
    this.grammar = new ExprGrammar(this, DIRECTIVE);
  }

  isTypeWord(name: string): boolean {
    return isBuiltinWord(name) || this.isTypeName(name);
  }

  peek(k = 0): ExprToken {
    return this.toks[this.pos + k] ?? END;
  }

  fail(msg: string): never {
    throw new ParseError(msg);
  }

  next(): Token {
    const t = this.toks[this.pos++];
    if (!t) this.fail('unexpected end of expression');
    return t;
  }

  expect(text: string): void {
    const t = this.next();
    if (t.text !== text) this.fail(`expected '${text}' but found '${t.text}'`);
  }

  noOperand(): never {
    const t = this.toks[this.pos];
    return this.fail(t ? `unexpected '${t.text}'` : 'unexpected end of expression');
  }

  identifier(): string {
    const n = this.next();
    if (n.kind !== 'ident') this.fail(`expected a member name in offsetof, found '${n.text}'`);
    return n.text;
  }

  enter(): number {
    if (this.depth >= MAX_EXPR_NESTING)
      this.fail(`expression nested too deeply (more than ${MAX_EXPR_NESTING} levels)`);
    const tree = this.treeDepth;
    this.deeper(); // before counting the level, so a refusal leaves the depth as it was
    this.depth++;
    return tree;
  }

  leave(tree: number): void {
    this.depth--;
    this.treeDepth = tree;
  }

  deeper(): void {
    if (++this.treeDepth > MAX_TREE_DEPTH) {
      this.fail(`expression too deep (more than ${MAX_TREE_DEPTH} levels of operators)`);
    }
  }

  start(): number {
    return this.pos;
  }

  end(): number {
    return this.pos;
  }

  slice(from: number, to: number): string {
    return tokensText(this.toks.slice(from, to));
  }

  skipGroup(): void {
    const closers: string[] = [];
    do {
      const t = this.next();
      if (t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{'))
        closers.push(CLOSER[t.text]);
      else if (t.kind === 'punct' && t.text === closers[closers.length - 1]) closers.pop();
    } while (closers.length > 0);
  }

  private is(text: string, k = 0): boolean {
    const t = this.toks[this.pos + k];
    return t !== undefined && t.text === text && (t.kind === 'punct' || t.kind === 'ident');
  }

  /** Whether the token at pos+k begins a type name. */
  isTypeStart(k: number): boolean {
    const t = this.toks[this.pos + k];
    if (!t || t.kind !== 'ident') return false;
    const n = t.text;
    if (isBuiltinWord(n) || isQualifier(n) || n === 'struct' || n === 'union' || n === 'enum') return true;
    if (n === '__typeof__' || n === 'typeof' || n === '__typeof') return true;
    return this.isTypeName(n);
  }

  parseTypeName(): TypeExpr {
    let type = this.specifiers();
    while (this.is('*')) {
      this.pos++;
      while (this.peek().kind === 'ident' && isQualifier(this.peek().text)) this.pos++;
      type = { kind: 'pointer', to: type };
    }
    const dims: (Expr | null)[] = [];
    while (this.is('[')) {
      this.pos++;
      if (this.is(']')) dims.push(null);
      else dims.push(this.grammar.comma());
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
      if (t.kind !== 'ident') break;
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
        named =
          n === 'enum'
            ? { kind: 'enum-ref', name: tag.text }
            : { kind: 'record-ref', tag: n, name: tag.text };
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
