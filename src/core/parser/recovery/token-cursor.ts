// A cursor over tokens for the hand-written parsers, with the error type they
// throw internally. ParseError never escapes the parser package: every caller
// catches it at a recovery point and turns it into a diagnostic or an `invalid` Expr.

import { describeToken, type LowerContext } from '../lower/lower-context';
import { tokenize, type Tok } from './tokens';
import { MAX_NESTING, MAX_TREE_DEPTH } from '../../limits';

export class ParseError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
/** Records, declarators, parentheses and unary operators nested deeper than this are refused:
 *  the parsers and the evaluator recurse, and hostile input must not overflow the stack. */
export { MAX_NESTING };
/** The depth of a tree being built, operator chains (`1+1+...`) included. */
export { MAX_TREE_DEPTH };

export class TokenCursor {
  pos = 0;
  readonly toks: Tok[];
  /** Recursive constructs under way (see MAX_NESTING). */
  private depth = 0;
  /** Depth of the tree being built above this point (see MAX_TREE_DEPTH). */
  private tree = 0;

  /** `toks`: the region already tokenized (by tokenizeSteps), else it is tokenized here. */
  constructor(
    readonly ctx: LowerContext,
    from: number,
    to: number,
    toks?: Tok[],
  ) {
    this.toks = toks ?? tokenize(ctx.text, from, to);
  }

  get tok(): Tok {
    return this.toks[this.pos];
  }

  peek(n = 1): Tok {
    return this.toks[Math.min(this.pos + n, this.toks.length - 1)];
  }

  get atEnd(): boolean {
    return this.tok.kind === 'eof';
  }

  /** Whether the current token is the punctuator or keyword `text`. */
  is(text: string): boolean {
    const t = this.tok;
    return t.text === text && (t.kind === 'punct' || t.kind === 'ident');
  }

  next(): Tok {
    const t = this.tok;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.pos++;
    return true;
  }

  expect(text: string, context: string): Tok {
    if (!this.is(text)) this.fail(`expected '${text}' ${context}, found ${describeToken(this.tok.text)}`);
    return this.next();
  }

  fail(message: string): never {
    throw new ParseError(message, this.tok.start, this.tok.end);
  }

  /** Runs `parse` one nesting level deeper; past MAX_NESTING it fails with a ParseError (callers recover). */
  nested<T>(parse: () => T): T {
    const saved = this.enter();
    try {
      return parse();
    } finally {
      this.leave(saved);
    }
  }

  /** `nested` in two halves for callers that avoid a closure per level; returns what `leave` restores. */
  enter(): number {
    if (this.depth >= MAX_NESTING) this.fail(`nested too deeply (more than ${MAX_NESTING} levels)`);
    const tree = this.tree;
    this.deeper(); // before counting the level, so a refusal leaves the depth as it was
    this.depth++;
    return tree;
  }

  leave(tree: number): void {
    this.depth--;
    this.tree = tree;
  }

  /** Counts one more level of the tree being built (an operator of a chain); callers restore it with `treeDepth`. */
  deeper(): void {
    if (++this.tree > MAX_TREE_DEPTH)
      this.fail(`expression too deep (more than ${MAX_TREE_DEPTH} levels of operators)`);
  }

  get treeDepth(): number {
    return this.tree;
  }

  set treeDepth(depth: number) {
    this.tree = depth;
  }

  /** End offset of the last consumed token. */
  get lastEnd(): number {
    return this.pos > 0 ? this.toks[this.pos - 1].end : this.tok.start;
  }

  /** Skips a balanced (...) / [...] / {...} group starting at the current opener. */
  skipGroup(): void {
    const stack: string[] = [];
    do {
      const t = this.next();
      if (t.kind === 'punct' && CLOSERS[t.text]) stack.push(CLOSERS[t.text]);
      else if (t.kind === 'punct' && t.text === stack[stack.length - 1]) stack.pop();
      else if (t.kind === 'eof') return;
    } while (stack.length > 0);
  }

  /** Skips to just after `;` at depth 0, or to just before a `}` / one of `stops` at depth 0,
   *  or before a token `barrier` accepts (used to stop at a likely top-level definition). */
  skipTo(stops: string[], consumeSemicolon: boolean, barrier?: (tc: TokenCursor) => boolean): void {
    while (!this.atEnd) {
      const t = this.tok;
      if (barrier?.(this)) return;
      if (t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{')) {
        this.skipGroup();
        continue;
      }
      if (t.kind === 'punct' && (t.text === '}' || stops.includes(t.text))) return;
      if (t.kind === 'punct' && t.text === ';') {
        if (consumeSemicolon) this.pos++;
        return;
      }
      this.pos++;
    }
  }
}
