// Lowering of error-free tree-sitter declarations: struct/union/enum specifiers
// with their bodies, field declarations (several declarators, bitfields,
// attributes), typedefs and other file-scope declarations.

import type { Attribute, Decl, EnumDecl, Enumerator, FieldDecl, RecordDecl, TypedefDecl, TypeExpr } from './ast';
import type { LowerContext } from './lower-context';
import {
  attributesFromNode, DECLARATORS, exprFromNode, lowerDeclarator, nodeText, qualifierAttributes, simpleTypeFromNode,
  TYPE_SPECIFIERS, type LoweredDeclarator,
} from './lower-types';
import { tagType, type TagDecl } from './parse-decl';
import type { SyntaxNode } from './syntax-node';

/** Containers of conditional code in unpreprocessed input: both branches are lowered. */
const PREPROC_CONTAINERS = new Set(['preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef']);

/** One declarator of a declaration, with what followed it (bitfield width, attributes). */
interface DeclaratorItem {
  d: LoweredDeclarator;
  node: SyntaxNode;
  bitWidth?: SyntaxNode;
  attributes: Attribute[];
}

/** A declaration's children split into specifiers and declarators. */
export interface SplitDeclaration {
  type: TypeExpr;
  tag?: TagDecl;
  specAttributes: Attribute[];
  items: DeclaratorItem[];
  /** Attributes after the last declarator that tree-sitter attached to the declaration. */
}

export function splitDeclaration(ctx: LowerContext, node: SyntaxNode): SplitDeclaration {
  const out: SplitDeclaration = { type: { kind: 'builtin', name: 'int' }, specAttributes: [], items: [] };
  let typeSeen = false;
  let current: DeclaratorItem | undefined;
  for (const k of node.children) {
    if (k.type === 'attribute_specifier' || k.type === 'attribute_declaration') {
      (current ? current.attributes : out.specAttributes).push(...attributesFromNode(ctx, k));
    } else if (k.type === 'type_qualifier') {
      out.specAttributes.push(...qualifierAttributes(ctx, k));
    } else if (!typeSeen && TYPE_SPECIFIERS.has(k.type)) {
      typeSeen = true;
      lowerSpecifier(ctx, k, out);
    } else if (DECLARATORS.has(k.type)) {
      current = { d: lowerDeclarator(ctx, k, out.type), node: k, attributes: [] };
      out.items.push(current);
    } else if (k.type === 'bitfield_clause') {
      if (!current) {
        current = { d: { nameStart: k.start, nameEnd: k.start, type: out.type, attributes: [] }, node: k, attributes: [] };
        out.items.push(current);
      }
      current.bitWidth = k.children.find((c) => c.type !== ':' && c.type !== 'comment');
    } else if (k.type === ',') {
      current = undefined;
    }
  }
  return out;
}

function lowerSpecifier(ctx: LowerContext, k: SyntaxNode, out: SplitDeclaration): void {
  if (k.type === 'struct_specifier' || k.type === 'union_specifier') out.tag = { kind: 'record', decl: lowerRecord(ctx, k) };
  else if (k.type === 'enum_specifier') out.tag = { kind: 'enum', decl: lowerEnum(ctx, k) };
  out.type = out.tag ? tagType(out.tag) : simpleTypeFromNode(ctx, k);
}

export function lowerRecord(ctx: LowerContext, node: SyntaxNode): RecordDecl {
  const decl: RecordDecl = {
    kind: node.type === 'union_specifier' ? 'union' : 'struct',
    fields: null,
    attributes: [],
    loc: ctx.loc(node.start, node.end),
  };
  for (const k of node.children) {
    if (k.type === 'attribute_specifier') decl.attributes.push(...attributesFromNode(ctx, k));
    else if (k.type === 'type_identifier') {
      decl.name = nodeText(ctx, k);
      decl.nameLoc = ctx.loc(k.start, k.end);
    } else if (k.type === 'field_declaration_list') decl.fields = lowerFieldList(ctx, k, []);
  }
  return decl;
}

function lowerFieldList(ctx: LowerContext, list: SyntaxNode, fields: FieldDecl[]): FieldDecl[] {
  for (const k of list.children) {
    if (k.type === 'field_declaration') lowerField(ctx, k, fields);
    else if (PREPROC_CONTAINERS.has(k.type)) lowerFieldList(ctx, k, fields);
  }
  return fields;
}

function lowerField(ctx: LowerContext, node: SyntaxNode, fields: FieldDecl[]): void {
  const split = splitDeclaration(ctx, node);
  const loc = ctx.loc(node.start, node.end);
  if (split.items.length === 0) {
    // Anonymous struct/union member; `struct x;` and `enum {...};` declare no member.
    if (split.type.kind === 'record') fields.push({ type: split.type, attributes: split.specAttributes, loc });
    return;
  }
  for (const item of split.items) {
    const field: FieldDecl = { type: item.d.type, attributes: [...split.specAttributes, ...item.d.attributes, ...item.attributes], loc };
    if (item.d.name !== undefined) {
      field.name = item.d.name;
      field.nameLoc = ctx.loc(item.d.nameStart, item.d.nameEnd);
    }
    if (item.bitWidth) field.bitWidth = exprFromNode(ctx, item.bitWidth);
    fields.push(field);
  }
}

export function lowerEnum(ctx: LowerContext, node: SyntaxNode): EnumDecl {
  const decl: EnumDecl = { enumerators: null, attributes: [], loc: ctx.loc(node.start, node.end) };
  for (const k of node.children) {
    if (k.type === 'attribute_specifier') decl.attributes.push(...attributesFromNode(ctx, k));
    else if (k.type === 'type_identifier') {
      decl.name = nodeText(ctx, k);
      decl.nameLoc = ctx.loc(k.start, k.end);
    } else if (k.type === 'enumerator_list') decl.enumerators = lowerEnumerators(ctx, k, []);
  }
  return decl;
}

function lowerEnumerators(ctx: LowerContext, list: SyntaxNode, out: Enumerator[]): Enumerator[] {
  for (const k of list.children) {
    if (k.type === 'enumerator') {
      const name = k.children[0];
      const e: Enumerator = { name: nodeText(ctx, name), loc: ctx.loc(k.start, k.end) };
      const value = k.children.findIndex((c) => c.type === '=');
      if (value !== -1 && k.children[value + 1]) e.value = exprFromNode(ctx, k.children[value + 1]);
      out.push(e);
    } else if (PREPROC_CONTAINERS.has(k.type)) lowerEnumerators(ctx, k, out);
  }
  return out;
}

/** A type_definition node: one TypedefDecl per declarator, registered as typedef names. */
export function lowerTypedef(ctx: LowerContext, node: SyntaxNode, doc: string | undefined, out: Decl[]): void {
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
    if (doc !== undefined) decl.doc = doc;
    ctx.typedefs.add(decl.name);
    out.push({ kind: 'typedef', decl });
  }
  setTagDoc(split.tag, doc);
}

/** A declaration node: variables and function prototypes become `other`. */
export function lowerDeclaration(ctx: LowerContext, node: SyntaxNode, doc: string | undefined, out: Decl[]): void {
  const split = splitDeclaration(ctx, node);
  setTagDoc(split.tag, doc);
  const loc = ctx.loc(node.start, node.end);
  if (split.items.length === 0 && split.tag) {
    out.push(split.tag.kind === 'record' ? { kind: 'record', decl: split.tag.decl } : { kind: 'enum', decl: split.tag.decl });
  }
  for (const item of split.items) out.push({ kind: 'other', type: item.d.type, loc });
}

export function setTagDoc(tag: TagDecl | undefined, doc: string | undefined): void {
  if (!tag || doc === undefined) return;
  if (tag.kind === 'record' ? tag.decl.fields !== null : tag.decl.enumerators !== null) tag.decl.doc = doc;
}
