// Hand-written parsing of struct/union/enum specifiers and their bodies, with
// per-member recovery: a bad member is reported and skipped up to its `;`, and
// a body left open (unbalanced braces) is closed before the next top-level definition.

import type { Attribute, EnumDecl, Enumerator, FieldDecl, RecordDecl } from '../../lang/ast';
import { describeToken } from '../lower/lower-context';
import { atAttribute, parseAttributes } from './parse-attr';
import { parseDeclaratorSuffixAttributes } from './parse-annotation';
import { declaratorType, parseDeclarator, parseSpecifiers, type TagDecl } from './parse-decl';
import { ZERO_RANGE, type SourceLocation } from '../../text/position';
import { parseExpression } from './parse-expr';
import { ParseError, TokenCursor } from './token-cursor';
import type { LowerContext } from '../lower/lower-context';
import { parseNumberLiteral } from '../literals';
import { pushAll } from '../../text/push-all';
import { exactArray } from '../../text/compact';

export { finishLists, SuspendLists, type OpenList } from './suspend-lists';
import { openList, runList, takePrefetched } from './suspend-lists';

const TOP_LEVEL_ONLY = new Set(['typedef', 'extern', 'static']);
const NO_LOC: SourceLocation = { file: '', range: ZERO_RANGE };

export function parseRecordSpecifier(tc: TokenCursor): TagDecl {
  const kw = tc.next();
  const attributes: Attribute[] = [];
  const decl: RecordDecl = {
    kind: kw.text === 'union' ? 'union' : 'struct',
    fields: null,
    attributes,
    loc: tc.ctx.loc(kw.start, kw.end),
  };
  parseTagHead(tc, decl, attributes);
  const afterTag = atAttribute(tc) ? parseAttributes(tc) : [];
  if (!tc.is('{') && afterTag.length > 0) {
    // `struct ts_config __attribute__((aligned(8))) *config;`: with no body, GCC applies
    // attributes after the tag to the declaration (the member), not to the type.
    decl.loc = tc.ctx.loc(kw.start, tc.lastEnd);
    return { kind: 'record', decl, declAttributes: afterTag };
  }
  pushAll(attributes, afterTag);
  if (tc.accept('{'))
    // At its length: a record's member list is held as long as the model (pushed, it kept the
    // capacity it grew to: 17 slots for 3 members).
    decl.fields = exactArray(
      (tc.prefetched && takePrefetched<FieldDecl>(tc)) ?? tc.nested(() => parseMembers(tc, decl)),
    );
  if (atAttribute(tc)) pushAll(attributes, parseAttributes(tc));
  decl.loc = tc.ctx.loc(kw.start, tc.lastEnd);
  return { kind: 'record', decl };
}

export function parseEnumSpecifier(tc: TokenCursor): TagDecl {
  const kw = tc.next();
  const attributes: Attribute[] = [];
  const decl: EnumDecl = { enumerators: null, attributes, loc: tc.ctx.loc(kw.start, kw.end) };
  parseTagHead(tc, decl, attributes);
  if (atAttribute(tc)) pushAll(attributes, parseAttributes(tc));
  if (tc.accept(':')) parseSpecifiers(tc);
  if (tc.accept('{'))
    decl.enumerators = (tc.prefetched && takePrefetched<Enumerator>(tc)) ?? parseEnumerators(tc);
  if (atAttribute(tc)) pushAll(attributes, parseAttributes(tc));
  decl.loc = tc.ctx.loc(kw.start, tc.lastEnd);
  return { kind: 'enum', decl };
}

/** Attributes and the tag name after `struct` / `enum`. */
function parseTagHead(tc: TokenCursor, decl: RecordDecl | EnumDecl, attributes: Attribute[]): void {
  if (atAttribute(tc)) pushAll(attributes, parseAttributes(tc));
  if (tc.tok.kind === 'ident' && !atAttribute(tc)) {
    const name = tc.next();
    decl.name = name.text;
    decl.nameLoc = tc.ctx.loc(name.start, name.end);
  } else if (!tc.is('{')) {
    tc.fail(`expected a tag name or '{', found ${describeToken(tc.tok.text)}`);
  }
}

function parseMembers(tc: TokenCursor, owner: RecordDecl): FieldDecl[] {
  const fields: FieldDecl[] = [];
  runList(
    tc,
    openList(tc, fields, () => memberStep(tc, owner, fields)),
  );
  return fields;
}

/** One member (or the end of the body): true when the body ended. */
function memberStep(tc: TokenCursor, owner: RecordDecl, fields: FieldDecl[]): boolean {
  if (tc.accept('}')) return true;
  if (tc.atEnd || looksLikeTopLevel(tc)) {
    const what = `${owner.kind}${owner.name ? ` ${owner.name}` : ''}`;
    tc.ctx.syntaxError(
      tc.tok.start,
      tc.tok.end,
      `expected '}' to end ${what}, found ${describeToken(tc.tok.text)}`,
    );
    return true;
  }
  if (tc.accept(';')) return false;
  const save = tc.pos;
  try {
    parseMember(tc, fields);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    tc.ctx.syntaxError(
      err.start,
      err.end,
      `${err.message} (in a member of ${owner.kind}${owner.name ? ` ${owner.name}` : ''})`,
    );
    tc.skipTo([], true, looksLikeTopLevel);
    if (tc.pos === save) tc.next();
  }
  return false;
}

/** A definition starting in column 0 inside a body most likely means the body's `}` is missing. */
export function looksLikeTopLevel(tc: TokenCursor): boolean {
  const t = tc.tok;
  if (t.kind !== 'ident' || !t.lineStart || (t.start > 0 && tc.ctx.text.charCodeAt(t.start - 1) !== 10))
    return false;
  if (TOP_LEVEL_ONLY.has(t.text)) return true;
  return (
    (t.text === 'struct' || t.text === 'union' || t.text === 'enum') &&
    tc.peek().kind === 'ident' &&
    tc.peek(2).text === '{'
  );
}

function parseMember(tc: TokenCursor, fields: FieldDecl[]): void {
  const start = tc.tok.start;
  const specs = parseSpecifiers(tc);
  if (!specs.type) tc.fail(`expected a member type, found ${describeToken(tc.tok.text)}`);
  const added: FieldDecl[] = [];
  if (tc.is(';')) {
    // An anonymous struct/union member; `struct x;` or `enum {...};` declare no member.
    if (specs.type.kind === 'record')
      added.push({ type: specs.type, attributes: specs.attributes, loc: NO_LOC });
  } else {
    do {
      added.push(parseMemberDeclarator(tc, specs.type, specs.attributes));
    } while (tc.accept(','));
  }
  tc.expect(';', 'after member declaration');
  const loc = tc.ctx.loc(start, tc.lastEnd);
  for (const f of added) f.loc = loc;
  pushAll(fields, added);
}

function parseMemberDeclarator(tc: TokenCursor, base: FieldDecl['type'], specAttrs: Attribute[]): FieldDecl {
  // loc is the whole member declaration, set by parseMember once its `;` is read. A named member's
  // literal has its name and nameLoc (the same keys in the same order as when they were added
  // afterwards, which put them in a separate property store: ~38 bytes on every member of the AST).
  let field: FieldDecl;
  if (!tc.is(':')) {
    const attributes = specAttrs.slice();
    const d = parseDeclarator(tc, false);
    const nameLoc = tc.ctx.loc(d.nameStart, d.nameEnd);
    field = { type: declaratorType(d, base), attributes, loc: NO_LOC, name: d.name, nameLoc };
  } else field = { type: base, attributes: specAttrs.slice(), loc: NO_LOC };
  pushAll(field.attributes, parseDeclaratorSuffixAttributes(tc));
  if (tc.accept(':')) field.bitWidth = parseExpression(tc);
  pushAll(field.attributes, parseDeclaratorSuffixAttributes(tc));
  return field;
}

function parseEnumerators(tc: TokenCursor): Enumerator[] {
  const out: Enumerator[] = [];
  runList(
    tc,
    openList(tc, out, () => enumeratorStep(tc, out)),
  );
  return out;
}

/** One enumerator (or the end of the body): true when the body ended. */
function enumeratorStep(tc: TokenCursor, out: Enumerator[]): boolean {
  if (tc.accept('}')) return true;
  if (tc.atEnd || looksLikeTopLevel(tc)) {
    tc.ctx.syntaxError(
      tc.tok.start,
      tc.tok.end,
      `expected '}' to end enum, found ${describeToken(tc.tok.text)}`,
    );
    return true;
  }
  const save = tc.pos;
  try {
    out.push(parseEnumerator(tc));
    if (!tc.is('}')) tc.expect(',', 'between enumerators');
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    tc.ctx.syntaxError(err.start, err.end, `${err.message} (in an enum body)`);
    tc.skipTo([','], false, looksLikeTopLevel);
    tc.accept(',');
    if (tc.pos === save) tc.next();
  }
  return false;
}

function parseEnumerator(tc: TokenCursor): Enumerator {
  const name = tc.tok;
  if (name.kind !== 'ident') tc.fail(`expected an enumerator name, found ${describeToken(name.text)}`);
  tc.next();
  if (atAttribute(tc)) parseAttributes(tc);
  const e: Enumerator = { name: name.text, loc: tc.ctx.loc(name.start, name.end) };
  if (tc.accept('=')) {
    e.value = parseExpression(tc);
    e.loc = tc.ctx.loc(name.start, tc.lastEnd);
  }
  return e;
}

/** One member declaration tree-sitter found valid, lowered from its text. */
export function parseMemberAt(ctx: LowerContext, start: number, end: number, fields: FieldDecl[]): void {
  const tc = new TokenCursor(ctx, start, end);
  try {
    parseMember(tc, fields);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    ctx.syntaxError(err.start, err.end, err.message);
  }
}

export function parseEnumeratorAt(ctx: LowerContext, start: number, end: number): Enumerator {
  const simple = simpleEnumerator(ctx, start, end);
  if (simple) return simple;
  const tc = new TokenCursor(ctx, start, end);
  try {
    return parseEnumerator(tc);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    ctx.syntaxError(err.start, err.end, err.message);
    return { name: ctx.slice(start, end), loc: ctx.loc(start, end) };
  }
}

const SIMPLE_ENUMERATOR = /^([A-Za-z_]\w*)(?:\s*=\s*(?:([0-9][0-9A-Za-z]*)|([A-Za-z_]\w*)))?$/;

/** `NAME`, `NAME = 42`, `NAME = OTHER`: most enumerators, read without the tokenizer. */
function simpleEnumerator(ctx: LowerContext, start: number, end: number): Enumerator | undefined {
  const m = SIMPLE_ENUMERATOR.exec(ctx.slice(start, end));
  if (!m) return undefined;
  const e: Enumerator = { name: m[1], loc: ctx.loc(start, end) };
  if (m[2] !== undefined) e.value = parseNumberLiteral(m[2]);
  else if (m[3] !== undefined) e.value = { kind: 'ident', name: m[3] };
  return e;
}
