// Recovery parser for top-level regions tree-sitter marked as damaged. Parses
// declarations by hand; what it parses cleanly is valid C tree-sitter-c cannot
// handle (no diagnostic), what it cannot is reported and skipped to the next `;`.

import type { Attribute, Decl, TypedefDecl, TypeExpr } from '../../lang/ast';
import { docBefore, type DocComment } from '../doc-comments';
import { describeToken, type LowerContext } from '../lower/lower-context';
import { atAttribute, parseAttributes } from './parse-attr';
import { atUnknownAnnotation, parseDeclaratorSuffixAttributes } from './parse-annotation';
import {
  declaratorType,
  isTypeStart,
  parseDeclarator,
  parseSpecifiers,
  type Specifiers,
  type TagDecl,
} from './parse-decl';
import { finishLists, looksLikeTopLevel, SuspendLists } from './parse-record';
import { ParseError, TokenCursor } from './token-cursor';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../../steps';
import { pushAll } from '../../text/push-all';

const SKIPPED_STATEMENTS = new Set(['_Static_assert', 'static_assert', '__asm__', 'asm', '__asm']);

/** Parses text[from, to) as a sequence of top-level declarations, appending to `out`. */
export function parseTopLevelRegion(ctx: LowerContext, from: number, to: number, out: Decl[]): void {
  runSync(parseTopLevelSteps(ctx, from, to, out));
}

/** One top-level item, or a sibling parse's declarations of the same item (share-items.ts): what
 *  is left to record a huge item for the siblings comes back as steps. */
function parseItem(tc: TokenCursor, out: Decl[]): Steps<void> | undefined {
  tc.release();
  const items = tc.ctx.items;
  if (items) return items.item(tc, out, () => parseRecovering(tc, out));
  parseRecovering(tc, out);
  return undefined;
}

/** The same, pausing between declarations (a unit holds 10,000s) and inside a top-level record's
 *  members (`stopRecords`, off only in the test that compares both ways). */
export function* parseTopLevelSteps(
  ctx: LowerContext,
  from: number,
  to: number,
  out: Decl[],
  stopRecords = true,
): Steps<void> {
  // Tokens are lexed as the parse goes (TokenCursor), so the checkpoints between items bound lexing too.
  const tc = new TokenCursor(ctx, from, to);
  tc.suspendable = stopRecords;
  let tick = 0;
  while (!tc.atEnd) {
    // Also after an item of hundreds of members: the members' count starts again at a checkpoint.
    if ((++tick & (DECLS_PER_CHECKPOINT - 1)) === 0 || tc.work >= CHECKPOINT_EVERY / 2) {
      tc.work = 0;
      yield;
    }
    yield* parseItemSteps(tc, out);
  }
}

/** One item; a member or enumerator loop at any depth stops after CHECKPOINT_EVERY elements
 *  (SuspendLists), the lists under way are finished in steps, and the item is parsed again from its
 *  start, taking each finished list at its `{`: what the item said and added before the stop is undone first. */
function* parseItemSteps(tc: TokenCursor, out: Decl[]): Steps<void> {
  const ctx = tc.ctx;
  const start = tc.pos;
  const outStart = out.length;
  const diagStart = ctx.diagnostics.length;
  const typedefs = ctx.typedefs.size;
  const lastErrorAt = ctx.lastErrorAt;
  const depth = tc.nesting;
  const tree = tc.treeDepth;
  try {
    for (;;) {
      let rest: Steps<void> | undefined;
      try {
        rest = parseItem(tc, out);
      } catch (err) {
        if (!(err instanceof SuspendLists)) throw err;
        yield; // the checkpoint the stop was
        yield* finishLists(tc, err.lists);
        tc.restoreNesting(depth, tree);
        out.length = outStart;
        ctx.diagnostics.length = diagStart;
        ctx.lastErrorAt = lastErrorAt;
        if (ctx.typedefs.size > typedefs) {
          for (const name of [...ctx.typedefs].slice(typedefs)) ctx.typedefs.delete(name);
        }
        tc.pos = start;
        yield;
        continue;
      }
      if (rest) yield* rest;
      return;
    }
  } finally {
    tc.prefetched = undefined;
  }
}

/** A declaration costs ~1-20 us to parse (more with a long doc-comment scan on a one-line
 *  header): a checkpoint every 8 keeps a pause well under a millisecond. */
const DECLS_PER_CHECKPOINT = 8;

function parseRecovering(tc: TokenCursor, out: Decl[]): void {
  if (tc.is('}')) {
    const start = tc.tok.start;
    while (tc.is('}')) tc.next();
    tc.ctx.syntaxError(start, tc.lastEnd, `unexpected '}' at file scope (unbalanced braces?)`);
    return;
  }
  const save = tc.pos;
  try {
    parseExternal(tc, out);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    tc.ctx.syntaxError(err.start, err.end, err.message);
    if (tc.pos !== save && looksLikeTopLevel(tc)) return;
    tc.skipTo([], true, (c) => c.pos !== save && looksLikeTopLevel(c));
    while (tc.is('}')) tc.next();
    if (tc.pos === save) tc.next();
  }
}

function parseExternal(tc: TokenCursor, out: Decl[]): void {
  const first = tc.tok;
  const firstPos = tc.pos;
  if (tc.accept(';')) return;
  if (tc.is('extern') && tc.peek().kind === 'string') return parseLinkage(tc, out);
  if (first.kind === 'ident' && SKIPPED_STATEMENTS.has(first.text)) return skipStatement(tc);
  const specs = parseSpecifiers(tc);
  if (tc.pos === firstPos || (!specs.type && !specs.isTypedef && specs.attributes.length === 0)) {
    tc.fail(`expected a declaration, found ${describeToken(first.text)}`);
  }
  const doc = docBefore(tc.ctx.text, first.start);
  if (specs.tag && doc !== undefined && isDefinition(specs.tag)) doc.attach(specs.tag.decl);
  if (tc.is(';')) return declareTagOnly(tc, specs, out);
  // `struct x {...}}`: keep the definition; the stray '}' is reported at file scope next.
  if (specs.tag && isDefinition(specs.tag) && !specs.isTypedef && tc.is('}')) {
    out.push(tagDecl(specs.tag));
    return;
  }
  if (specs.tag && isDefinition(specs.tag) && (looksLikeTopLevel(tc) || tc.atEnd)) {
    out.push(tagDecl(specs.tag));
    tc.fail(
      `expected ';' after the definition of ${tagName(specs.tag)}, found ${describeToken(tc.tok.text)}`,
    );
  }
  let added: Pending[] | 'function-definition';
  try {
    added = parseInitDeclarators(tc, specs, doc);
    if (added === 'function-definition') return;
    tc.expect(';', 'after declaration');
  } catch (err) {
    // Keep a complete struct/enum definition even when what follows it is broken.
    if (specs.tag && isDefinition(specs.tag) && !specs.isTypedef) out.push(tagDecl(specs.tag));
    throw err;
  }
  const loc = tc.ctx.loc(first.start, tc.lastEnd);
  for (const d of added) {
    d.decl.loc = loc;
    out.push(
      d.kind === 'typedef' ? { kind: 'typedef', decl: d.decl } : { kind: 'other', type: d.decl.type, loc },
    );
  }
}

/** `struct x {...};`, `struct x;`, `enum e {...};`: the tag is the declaration. */
function declareTagOnly(tc: TokenCursor, specs: Specifiers, out: Decl[]): void {
  tc.next();
  if (!specs.tag || specs.isTypedef) return;
  out.push(tagDecl(specs.tag));
}

function tagDecl(tag: TagDecl): Decl {
  return tag.kind === 'record' ? { kind: 'record', decl: tag.decl } : { kind: 'enum', decl: tag.decl };
}

function tagName(tag: TagDecl): string {
  const kind = tag.kind === 'record' ? tag.decl.kind : 'enum';
  return tag.decl.name ? `${kind} ${tag.decl.name}` : `an anonymous ${kind}`;
}

export function isDefinition(tag: TagDecl): boolean {
  return tag.kind === 'record' ? tag.decl.fields !== null : tag.decl.enumerators !== null;
}

interface Pending {
  kind: 'typedef' | 'other';
  decl: TypedefDecl;
}

function parseInitDeclarators(
  tc: TokenCursor,
  specs: Specifiers,
  doc: DocComment | undefined,
): Pending[] | 'function-definition' {
  const base: TypeExpr = specs.type ?? { kind: 'builtin', name: 'int' };
  const added: Pending[] = [];
  do {
    const d = parseDeclarator(tc, false);
    const type = declaratorType(d, base);
    const attributes = [...specs.attributes, ...trailingAttributes(tc)];
    if (type.kind === 'function' && added.length === 0 && (tc.is('{') || isTypeStart(tc, tc.tok))) {
      skipFunctionBody(tc, d.name);
      return 'function-definition';
    }
    if (tc.accept('=')) tc.skipTo([','], false);
    const nameLoc = tc.ctx.loc(d.nameStart, d.nameEnd);
    const decl: TypedefDecl = { name: d.name ?? '', type, attributes, loc: nameLoc, nameLoc };
    if (specs.isTypedef) doc?.attach(decl);
    if (specs.isTypedef && d.name) tc.ctx.typedefs.add(d.name);
    added.push({ kind: specs.isTypedef ? 'typedef' : 'other', decl });
  } while (tc.accept(','));
  return added;
}

/** A function body, after K&R parameter declarations (`int f(a) int a; {...}`) if any.
 *  Each declaration must move the cursor: `skipTo` stops before a `}`, so a head followed
 *  by `};` (damaged text) once spun here forever. A missing body is a ParseError. */
function skipFunctionBody(tc: TokenCursor, name: string | undefined): void {
  while (!tc.is('{')) {
    const before = tc.pos;
    if (!tc.atEnd && !looksLikeTopLevel(tc)) tc.skipTo([], true, looksLikeTopLevel);
    if (tc.pos === before || tc.atEnd) {
      const what = name ? `function '${name}'` : 'the function';
      tc.fail(`expected '{' to start the body of ${what}, found ${describeToken(tc.tok.text)}`);
    }
  }
  tc.skipGroup();
}

/** Attributes, `asm("name")` labels and unknown `__annotations` after a declarator. */
function trailingAttributes(tc: TokenCursor): Attribute[] {
  const out: Attribute[] = [];
  for (;;) {
    if (atAttribute(tc)) pushAll(out, parseAttributes(tc));
    else if (tc.tok.kind === 'ident' && SKIPPED_STATEMENTS.has(tc.tok.text) && tc.peek().text === '(') {
      tc.next();
      tc.skipGroup();
    } else if (atUnknownAnnotation(tc)) pushAll(out, parseDeclaratorSuffixAttributes(tc));
    else return out;
  }
}

function parseLinkage(tc: TokenCursor, out: Decl[]): void {
  tc.next();
  tc.next();
  if (!tc.accept('{')) return parseExternal(tc, out);
  while (!tc.atEnd && !tc.is('}')) parseRecovering(tc, out);
  tc.expect('}', 'to close extern "C" block');
}

function skipStatement(tc: TokenCursor): void {
  tc.next();
  if (tc.is('(')) tc.skipGroup();
  tc.expect(';', 'after statement');
}
