// A cursor over tokens for the hand-written parsers, with the error type they
// throw internally. ParseError never escapes the parser package: every caller
// catches it at a recovery point and turns it into a diagnostic or an `invalid` Expr.

import { describeToken, type LowerContext } from '../lower/lower-context';
import { Lexer, type Tok } from './tokens';
import { MAX_NESTING, MAX_TREE_DEPTH } from '../../limits';
import type { Diagnostic } from '../../diag/diagnostic';
import { CHECKPOINT_EVERY } from '../../steps';
import { skipInSteps, SKIP_TOKENS_PER_ELEMENT } from './suspend-lists';

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
  /** The index of the current token (indices count from the region's first token, also after release()). */
  pos = 0;
  /** Tokens lexed so far and not released; buf[0] has index `base`. */
  private buf: Tok[] = [];
  private base = 0;
  private readonly lexer: Lexer;
  /** The eof token is the last of buf. */
  private done = false;
  /** Recursive constructs under way (see MAX_NESTING). */
  private depth = 0;
  /** Depth of the tree being built above this point (see MAX_TREE_DEPTH). */
  private tree = 0;
  /** Set by the stepped top-level parse: a member or enumerator loop at any depth may stop at a
   *  checkpoint (throws SuspendLists, parse-record.ts) to be finished in steps and then taken from `prefetched`. */
  suspendable = false;
  /** Members and enumerators read since the stepped parse's last checkpoint (skipped tokens count too). */
  work = 0;
  /** Tokens passed by skips (skipTick). */
  private skipped = 0;
  /** Member and enumerator lists of the current item finished in steps, by the index of their `{`. */
  prefetched:
    | Map<number, { items: unknown[]; end: number; diagnostics: Diagnostic[]; lastErrorAt: number }>
    | undefined;

  constructor(
    readonly ctx: LowerContext,
    from: number,
    to: number,
  ) {
    // Lexed as the parse goes (a unit's tokens are not all alive at once: see release()).
    this.lexer = new Lexer(ctx.text, from, to);
  }

  /** Every token of the region, eof last (lexed now). Only on a cursor nothing was released from. */
  get toks(): Tok[] {
    while (!this.done) this.lexOne();
    return this.buf;
  }

  get tok(): Tok {
    const k = this.pos - this.base;
    return k < this.buf.length ? this.buf[k] : this.at(this.pos);
  }

  peek(n = 1): Tok {
    return this.at(this.pos + n);
  }

  /** Token i (eof past the end). */
  private at(i: number): Tok {
    const k = i - this.base;
    while (k >= this.buf.length && !this.done) this.lexOne();
    return this.buf[Math.min(k, this.buf.length - 1)];
  }

  private lexOne(): void {
    const t = this.lexer.next();
    this.buf.push(t);
    if (t.kind === 'eof') this.done = true;
  }

  /** Tokens [from, to) by index, all lexed and not released. */
  slice(from: number, to: number): Tok[] {
    this.at(to);
    return this.buf.slice(from - this.base, to - this.base);
  }

  /** Forgets the tokens before the previous one (a top-level parse calls this between items,
   *  which never look back further): a long unit's tokens then die young instead of piling up. */
  release(): void {
    const drop = this.pos - 1 - this.base;
    if (drop < 1024) return;
    this.buf = this.buf.slice(drop);
    this.base += drop;
  }

  /** Steps over tokens a sibling parse already read (share-items.ts): they end at `end` with `last`. */
  skipRead(end: number, last: Pick<Tok, 'kind' | 'text'>): void {
    this.buf.length = this.pos - this.base;
    this.done = false;
    const { kind, text } = last;
    this.buf.push({ kind, text, start: end - text.length, end, lineStart: false });
    this.pos++;
    this.lexer.resumeAfter(end);
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

  /** Back to a nesting `enter` reached before (a stopped list finished from where it was). */
  restoreNesting(depth: number, tree: number): void {
    this.depth = depth;
    this.tree = tree;
  }

  /** Counts one more level of the tree being built (an operator of a chain); callers restore it with `treeDepth`. */
  deeper(): void {
    if (++this.tree > MAX_TREE_DEPTH)
      this.fail(`expression too deep (more than ${MAX_TREE_DEPTH} levels of operators)`);
  }

  /** Recursive constructs under way (see MAX_NESTING). */
  get nesting(): number {
    return this.depth;
  }

  get treeDepth(): number {
    return this.tree;
  }

  set treeDepth(depth: number) {
    this.tree = depth;
  }

  /** End offset of the last consumed token. */
  get lastEnd(): number {
    return this.pos > 0 ? this.at(this.pos - 1).end : this.tok.start;
  }

  /** Skips a balanced (...) / [...] / {...} group starting at the current opener (in the stepped
   *  parse, a group of any size stops at checkpoints: a huge struct in a parameter list or `typeof`). */
  skipGroup(): void {
    const stack: string[] = [];
    const walk = (): boolean => {
      for (;;) {
        const t = this.next();
        if (t.kind === 'punct' && CLOSERS[t.text]) stack.push(CLOSERS[t.text]);
        else if (t.kind === 'punct' && t.text === stack[stack.length - 1]) stack.pop();
        else if (t.kind === 'eof') return true;
        if (stack.length === 0) return true;
        if (this.skipTick()) return false;
      }
    };
    if (this.suspendable) skipInSteps(this, walk);
    else walk();
  }

  /** One token passed by a skip: in the stepped parse, true when a checkpoint's work is done (the
   *  skip stops, SuspendLists). SKIP_TOKENS_PER_ELEMENT tokens count as one member. */
  skipTick(): boolean {
    return (
      this.suspendable && ++this.skipped % SKIP_TOKENS_PER_ELEMENT === 0 && ++this.work >= CHECKPOINT_EVERY
    );
  }

  /** Skips to just after `;` at depth 0, or to just before a `}` / one of `stops` at depth 0,
   *  or before a token `barrier` accepts (used to stop at a likely top-level definition). */
  skipTo(stops: string[], consumeSemicolon: boolean, barrier?: (tc: TokenCursor) => boolean): void {
    const walk = (): boolean => {
      while (!this.atEnd) {
        const t = this.tok;
        if (barrier?.(this)) return true;
        if (t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{')) {
          this.skipGroup();
          continue;
        }
        if (t.kind === 'punct' && (t.text === '}' || stops.includes(t.text))) return true;
        if (t.kind === 'punct' && t.text === ';') {
          if (consumeSemicolon) this.pos++;
          return true;
        }
        this.pos++;
        if (this.skipTick()) return false;
      }
      return true;
    };
    if (this.suspendable) skipInSteps(this, walk);
    else walk();
  }
}
