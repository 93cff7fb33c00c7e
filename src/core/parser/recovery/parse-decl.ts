// Hand-written parsing of declaration specifiers, declarators and type names.
// It backs the recovery path (declarations tree-sitter could not parse) and the
// type names inside expressions (`sizeof(struct x)`, casts, offsetof).

import type { Expr } from '../../lang/ast';
import type { Attribute, EnumDecl, RecordDecl, TypeExpr } from '../../lang/ast';
import { TYPE_QUALIFIERS } from '../../lang/type-words';
import { builtinFromWords, namedType, TYPE_WORDS } from '../builtin-types';
import { describeToken } from '../lower/lower-context';
import { atAttribute, parseAttributes } from './parse-attr';
import { parseExpression } from './parse-expr';
import { parseEnumSpecifier, parseRecordSpecifier } from './parse-record';
import type { TokenCursor } from './token-cursor';
import type { Tok } from './tokens';
import { pushAll } from '../../text/push-all';

const STORAGE = new Set([
  'typedef',
  'extern',
  'static',
  'auto',
  'register',
  'inline',
  '__inline',
  '__inline__',
  '_Thread_local',
  '__thread',
  'thread_local',
  '_Noreturn',
  'noreturn',
  '__extension__',
  'constexpr',
  '__forceinline',
]);
/** The one list of qualifiers (lang/type-words.ts), shared with type names in #if and sizeof. */
export const QUALIFIERS: ReadonlySet<string> = TYPE_QUALIFIERS;
const TYPEOF = new Set(['typeof', '__typeof__', '__typeof', 'typeof_unqual', '__typeof_unqual__']);
const TAG_KEYWORDS = new Set(['struct', 'union', 'enum']);
const ALIGNAS = new Set(['_Alignas', 'alignas']);
/** Keywords that can never be a declared name (a missing `;` or `}` usually put them there). */
const KEYWORDS = new Set([
  'struct',
  'union',
  'enum',
  'typedef',
  'extern',
  'static',
  'sizeof',
  'return',
  'if',
  'else',
  'for',
  'while',
  'do',
  'switch',
  'case',
  'default',
  'break',
  'continue',
  'goto',
  'void',
  'char',
  'short',
  'int',
  'long',
  'float',
  'double',
  'signed',
  'unsigned',
  'const',
  'volatile',
  'inline',
  'register',
  'auto',
  '_Bool',
]);

/** The struct/union/enum declared by a specifier, with or without a body. */
/** A tag specifier; `declAttributes` are attributes written after a body-less tag, which GCC
 *  applies to the declaration rather than to the type. */
export type TagDecl = ({ kind: 'record'; decl: RecordDecl } | { kind: 'enum'; decl: EnumDecl }) & {
  declAttributes?: Attribute[];
};

export interface Specifiers {
  /** undefined when no type specifier was written (`static x;`). */
  type: TypeExpr | undefined;
  tag?: TagDecl;
  attributes: Attribute[];
  isTypedef: boolean;
}

/** One step of a declarator: `*`, `[N]` or `(...)`. */
type Derivation = { kind: 'pointer' } | { kind: 'array'; length: Expr | null } | { kind: 'function' };

export interface Declarator {
  name?: string;
  nameStart: number;
  nameEnd: number;
  /** Derivations in the order they apply to the base type (`*p[3]`: pointer, then array). */
  derivations: Derivation[];
}

/** The declared type: the declarator's derivations applied to the specifiers' type. */
export function declaratorType(d: Declarator, base: TypeExpr): TypeExpr {
  let t = base;
  for (const step of d.derivations) {
    if (step.kind === 'pointer') t = { kind: 'pointer', to: t };
    else if (step.kind === 'array') t = { kind: 'array', of: t, length: step.length };
    else t = { kind: 'function', returns: t };
  }
  return t;
}

/** Whether `t` can start a type name (needs the typedef names seen so far). */
export function isTypeStart(tc: TokenCursor, t: Tok): boolean {
  if (t.kind !== 'ident') return false;
  const w = t.text;
  return (
    TYPE_WORDS.has(w) ||
    TAG_KEYWORDS.has(w) ||
    QUALIFIERS.has(w) ||
    TYPEOF.has(w) ||
    w === '_Atomic' ||
    tc.ctx.typedefs.has(w)
  );
}

export function parseSpecifiers(tc: TokenCursor): Specifiers {
  const words: string[] = [];
  const specs: Specifiers = { type: undefined, attributes: [], isTypedef: false };
  for (;;) {
    const t = tc.tok;
    if (atAttribute(tc)) pushAll(specs.attributes, parseAttributes(tc));
    else if (t.kind !== 'ident') break;
    else if (STORAGE.has(t.text) || QUALIFIERS.has(t.text)) {
      if (t.text === 'typedef') specs.isTypedef = true;
      tc.next();
    } else if (TYPE_WORDS.has(t.text)) words.push(tc.next().text);
    else if (TAG_KEYWORDS.has(t.text) && !specs.type && words.length === 0) setTag(specs, tc);
    else if (ALIGNAS.has(t.text)) specs.attributes.push(parseAlignas(tc));
    else if (TYPEOF.has(t.text) && !specs.type) specs.type = parseTypeof(tc);
    else if (t.text === '_Atomic') atomic(tc, specs);
    else if (t.text === '__declspec' && tc.peek().text === '(') {
      tc.next();
      tc.skipGroup();
    } else if (!specs.type && words.length === 0) specs.type = namedType(tc.next().text);
    else break;
  }
  if (words.length > 0) specs.type = wordsType(tc, words, specs.type);
  return specs;
}

function setTag(specs: Specifiers, tc: TokenCursor): void {
  const tag = tc.is('enum') ? parseEnumSpecifier(tc) : parseRecordSpecifier(tc);
  specs.tag = tag;
  specs.type = tagType(tag);
  if (tag.declAttributes) pushAll(specs.attributes, tag.declAttributes);
}

/** The TypeExpr a tag specifier denotes: the definition itself, or a reference by tag. */
export function tagType(tag: TagDecl): TypeExpr {
  if (tag.kind === 'record') {
    const d = tag.decl;
    return d.fields !== null || d.name === undefined
      ? { kind: 'record', decl: d }
      : { kind: 'record-ref', tag: d.kind, name: d.name };
  }
  const e = tag.decl;
  return e.enumerators !== null || e.name === undefined
    ? { kind: 'enum', decl: e }
    : { kind: 'enum-ref', name: e.name };
}

function wordsType(tc: TokenCursor, words: string[], named: TypeExpr | undefined): TypeExpr {
  // `unsigned __u32` is not C, but `unsigned __int128` arrives here as two words.
  const builtin = named ? undefined : builtinFromWords(words);
  if (builtin) return { kind: 'builtin', name: builtin };
  return tc.fail(`'${words.join(' ')}' is not a valid combination of type specifiers`);
}

function parseTypeof(tc: TokenCursor): TypeExpr {
  const start = tc.next().start;
  if (tc.is('(')) tc.skipGroup();
  return { kind: 'unknown', text: tc.ctx.slice(start, tc.lastEnd) };
}

function atomic(tc: TokenCursor, specs: Specifiers): void {
  tc.next();
  if (!tc.is('(') || specs.type) return;
  tc.next();
  specs.type = parseTypeName(tc);
  tc.expect(')', 'after _Atomic(type');
}

/** `_Alignas(N)` / `_Alignas(type)` as the equivalent `aligned` attribute. */
function parseAlignas(tc: TokenCursor): Attribute {
  const start = tc.next().start;
  tc.expect('(', 'after _Alignas');
  const arg = isTypeStart(tc, tc.tok)
    ? { kind: 'alignof' as const, type: parseTypeName(tc) }
    : parseExpression(tc);
  tc.expect(')', 'to close _Alignas');
  return { name: 'aligned', args: [arg], loc: tc.ctx.loc(start, tc.lastEnd) };
}

/** A type name as in casts and sizeof: specifiers and an abstract declarator. */
export function parseTypeName(tc: TokenCursor): TypeExpr {
  const specs = parseSpecifiers(tc);
  if (!specs.type) tc.fail(`expected a type name, found ${describeToken(tc.tok.text)}`);
  return declaratorType(parseDeclarator(tc, true), specs.type);
}

/** Parses a (possibly abstract) declarator. Attributes inside it are consumed and dropped. */
export function parseDeclarator(tc: TokenCursor, abstract: boolean): Declarator {
  if (tc.is('*') || tc.is('^')) {
    tc.next();
    skipPointerQualifiers(tc);
    const inner = tc.nested(() => parseDeclarator(tc, abstract));
    inner.derivations.unshift({ kind: 'pointer' });
    return inner;
  }
  let inner: Declarator | undefined;
  let name: Tok | undefined;
  if (
    tc.tok.kind === 'ident' &&
    !atAttribute(tc) &&
    !(abstract && isTypeStart(tc, tc.tok)) &&
    !KEYWORDS.has(tc.tok.text)
  ) {
    name = tc.next();
  } else if (tc.is('(') && startsNestedDeclarator(tc, abstract)) {
    tc.next();
    if (atAttribute(tc)) parseAttributes(tc);
    inner = tc.nested(() => parseDeclarator(tc, abstract));
    tc.expect(')', 'to close the parenthesized declarator');
  } else if (!abstract) {
    tc.fail(`expected a name to declare, found ${describeToken(tc.tok.text)}`);
  }
  // Suffixes bind tighter than an enclosing nested declarator and apply last-written first.
  const suffixes = parseSuffixes(tc).reverse();
  if (inner) {
    inner.derivations = suffixes.concat(inner.derivations);
    return inner;
  }
  const at = name ?? tc.tok;
  return {
    name: name?.text,
    nameStart: at.start,
    nameEnd: name ? name.end : at.start,
    derivations: suffixes,
  };
}

function skipPointerQualifiers(tc: TokenCursor): void {
  for (;;) {
    if (atAttribute(tc)) parseAttributes(tc);
    else if (tc.tok.kind === 'ident' && (QUALIFIERS.has(tc.tok.text) || tc.tok.text === '_Atomic')) tc.next();
    else return;
  }
}

function startsNestedDeclarator(tc: TokenCursor, abstract: boolean): boolean {
  const t = tc.peek();
  if (t.kind === 'punct') return t.text === '*' || t.text === '^' || t.text === '(' || t.text === '[';
  if (t.kind !== 'ident') return false;
  if (t.text === '__attribute__' || t.text === '__attribute') return true;
  return !abstract && !isTypeStart(tc, t);
}

function parseSuffixes(tc: TokenCursor): Derivation[] {
  const out: Derivation[] = [];
  for (;;) {
    if (tc.is('[') && tc.peek().text === '[') return out; // a C23 [[attribute]], not an array
    if (tc.accept('[')) {
      while (tc.tok.kind === 'ident' && (QUALIFIERS.has(tc.tok.text) || tc.tok.text === 'static')) tc.next();
      const length = tc.is(']')
        ? null
        : tc.is('*') && tc.peek().text === ']'
          ? (tc.next(), null)
          : parseExpression(tc);
      tc.expect(']', 'to close the array bound');
      out.push({ kind: 'array', length });
    } else if (tc.is('(')) {
      tc.skipGroup();
      out.push({ kind: 'function' });
    } else return out;
  }
}
