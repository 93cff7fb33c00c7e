// Lowering of error-free tree-sitter declarations: struct/union/enum specifiers
// and their bodies, typedefs and other file-scope declarations. Each member and
// enumerator node is handed to the hand-written parser (parse-record.ts) as text.

import type {
  Attribute,
  Decl,
  EnumDecl,
  Enumerator,
  FieldDecl,
  RecordDecl,
  TypedefDecl,
  TypeExpr,
} from '../../lang/ast';
import type { DocComment } from '../doc-comments';
import type { LowerContext } from './lower-context';
import {
  attributesFromNode,
  DECLARATORS,
  lowerDeclarator,
  nodeText,
  qualifierAttributes,
  simpleTypeFromNode,
  TYPE_SPECIFIERS,
  type LoweredDeclarator,
} from './lower-types';
import { tagType, type TagDecl } from '../recovery/parse-decl';
import type { SyntaxNode } from '../tree-sitter/syntax-node';
import { parseEnumeratorAt, parseMemberAt } from '../recovery/parse-record';
import { pushAll } from '../../text/push-all';

/** Containers of conditional code in unpreprocessed input: both branches are lowered. */
const PREPROC_CONTAINERS = new Set([
  'preproc_if',
  'preproc_ifdef',
  'preproc_else',
  'preproc_elif',
  'preproc_elifdef',
]);

/** One declarator of a declaration, with the attributes written after it. */
interface DeclaratorItem {
  d: LoweredDeclarator;
  attributes: Attribute[];
}

/** A declaration's children split into specifiers and declarators. */
export interface SplitDeclaration {
  type: TypeExpr;
  tag?: TagDecl;
  specAttributes: Attribute[];
  items: DeclaratorItem[];
}

export function splitDeclaration(ctx: LowerContext, node: SyntaxNode): SplitDeclaration {
  const out: SplitDeclaration = { type: { kind: 'builtin', name: 'int' }, specAttributes: [], items: [] };
  let typeSeen = false;
  let current: DeclaratorItem | undefined;
  for (const k of node.children) {
    if (k.type === 'attribute_specifier' || k.type === 'attribute_declaration') {
      pushAll(current ? current.attributes : out.specAttributes, attributesFromNode(ctx, k));
    } else if (k.type === 'type_qualifier') {
      pushAll(out.specAttributes, qualifierAttributes(ctx, k));
    } else if (!typeSeen && TYPE_SPECIFIERS.has(k.type)) {
      typeSeen = true;
      lowerSpecifier(ctx, k, out);
    } else if (DECLARATORS.has(k.type)) {
      current = { d: lowerDeclarator(ctx, k, out.type), attributes: [] };
      out.items.push(current);
    } else if (k.type === ',') {
      current = undefined;
    }
  }
  return out;
}

function lowerSpecifier(ctx: LowerContext, k: SyntaxNode, out: SplitDeclaration): void {
  if (k.type === 'struct_specifier' || k.type === 'union_specifier') {
    const afterTag: Attribute[] = [];
    out.tag = { kind: 'record', decl: lowerRecord(ctx, k, afterTag) };
    // With no body, GCC applies attributes written after the tag to the declaration.
    pushAll(out.specAttributes, afterTag);
  } else if (k.type === 'enum_specifier') out.tag = { kind: 'enum', decl: lowerEnum(ctx, k) };
  out.type = out.tag ? tagType(out.tag) : simpleTypeFromNode(ctx, k);
}

/** Lowers a struct/union specifier. Attributes after the tag of a body-less specifier go to
 *  `afterTag` when given (they belong to the declaration), else to the record. */
export function lowerRecord(ctx: LowerContext, node: SyntaxNode, afterTag?: Attribute[]): RecordDecl {
  const decl: RecordDecl = {
    kind: node.type === 'union_specifier' ? 'union' : 'struct',
    fields: null,
    attributes: [],
    loc: ctx.loc(node.start, node.end),
  };
  const hasBody = node.children.some((k) => k.type === 'field_declaration_list');
  for (const k of node.children) {
    if (k.type === 'attribute_specifier') {
      const target = !hasBody && afterTag && decl.name !== undefined ? afterTag : decl.attributes;
      pushAll(target, attributesFromNode(ctx, k));
    } else if (k.type === 'type_identifier') {
      decl.name = nodeText(ctx, k);
      decl.nameLoc = ctx.loc(k.start, k.end);
    } else if (k.type === 'field_declaration_list') decl.fields = lowerFieldList(ctx, k, []);
  }
  return decl;
}

function lowerFieldList(ctx: LowerContext, list: SyntaxNode, fields: FieldDecl[]): FieldDecl[] {
  for (const k of list.children) {
    if (k.type === 'field_declaration') parseMemberAt(ctx, k.start, k.end, fields);
    else if (PREPROC_CONTAINERS.has(k.type)) lowerFieldList(ctx, k, fields);
  }
  return fields;
}

export function lowerEnum(ctx: LowerContext, node: SyntaxNode): EnumDecl {
  const decl: EnumDecl = { enumerators: null, attributes: [], loc: ctx.loc(node.start, node.end) };
  for (const k of node.children) {
    if (k.type === 'attribute_specifier') pushAll(decl.attributes, attributesFromNode(ctx, k));
    else if (k.type === 'type_identifier') {
      decl.name = nodeText(ctx, k);
      decl.nameLoc = ctx.loc(k.start, k.end);
    } else if (k.type === 'enumerator_list') decl.enumerators = lowerEnumerators(ctx, k, []);
  }
  return decl;
}

function lowerEnumerators(ctx: LowerContext, list: SyntaxNode, out: Enumerator[]): Enumerator[] {
  for (const k of list.children) {
    if (k.type === 'enumerator') out.push(parseEnumeratorAt(ctx, k.start, k.end));
    else if (PREPROC_CONTAINERS.has(k.type)) lowerEnumerators(ctx, k, out);
  }
  return out;
}

/** A type_definition node: one TypedefDecl per declarator, registered as typedef names. */
export function lowerTypedef(
  ctx: LowerContext,
  node: SyntaxNode,
  doc: DocComment | undefined,
  out: Decl[],
): void {
  const split = splitDeclaration(ctx, node);
  const loc = ctx.loc(node.start, node.end);
  for (const item of split.items) {
    if (item.d.name === undefined) continue;
    const decl: TypedefDecl = {
      name: item.d.name,
      type: item.d.type,
      attributes: [...split.specAttributes, ...item.d.attributes, ...item.attributes],
      loc,
      nameLoc: ctx.loc(item.d.nameStart, item.d.nameEnd),
    };
    doc?.attach(decl);
    ctx.typedefs.add(decl.name);
    out.push({ kind: 'typedef', decl });
  }
  setTagDoc(split.tag, doc);
}

/** A declaration node: variables and function prototypes become `other`. */
export function lowerDeclaration(
  ctx: LowerContext,
  node: SyntaxNode,
  doc: DocComment | undefined,
  out: Decl[],
): void {
  const split = splitDeclaration(ctx, node);
  setTagDoc(split.tag, doc);
  const loc = ctx.loc(node.start, node.end);
  if (split.items.length === 0 && split.tag) {
    out.push(
      split.tag.kind === 'record'
        ? { kind: 'record', decl: split.tag.decl }
        : { kind: 'enum', decl: split.tag.decl },
    );
  }
  for (const item of split.items) out.push({ kind: 'other', type: item.d.type, loc });
}

export function setTagDoc(tag: TagDecl | undefined, doc: DocComment | undefined): void {
  if (!tag || doc === undefined) return;
  if (tag.kind === 'record' ? tag.decl.fields !== null : tag.decl.enumerators !== null) doc.attach(tag.decl);
}
