// Lowering of tree-sitter type specifiers and declarators to TypeExpr, plus the
// small bridges that re-read opaque nodes (expressions, attributes, sized
// specifiers like `long unsigned int`) with the token parsers.

import type { Expr } from '../../lang/ast';
import type { Attribute, TypeExpr } from '../../lang/ast';
import { builtinFromWords, namedType } from '../builtin-types';
import type { LowerContext } from './lower-context';
import { parseAttributes } from '../recovery/parse-attr';
import { parseSpecifiers } from '../recovery/parse-decl';
import { parseWholeExpression } from '../recovery/parse-expr';
import { parseNumberLiteral } from '../literals';
import type { SyntaxNode } from '../tree-sitter/syntax-node';
import { ParseError, TokenCursor } from '../recovery/token-cursor';
import { pushAll } from '../../text/push-all';

/** Node types that can be the type specifier of a declaration. */
export const TYPE_SPECIFIERS: ReadonlySet<string> = new Set([
  'struct_specifier',
  'union_specifier',
  'enum_specifier',
  'macro_type_specifier',
  'sized_type_specifier',
  'primitive_type',
  'type_identifier',
]);

/** Node types that are declarators (or a declarator's name). */
export const DECLARATORS: ReadonlySet<string> = new Set([
  'identifier',
  'field_identifier',
  'type_identifier',
  'primitive_type',
  'pointer_declarator',
  'array_declarator',
  'function_declarator',
  'parenthesized_declarator',
  'attributed_declarator',
  'init_declarator',
]);

export interface LoweredDeclarator {
  name?: string;
  nameStart: number;
  nameEnd: number;
  type: TypeExpr;
  attributes: Attribute[];
}

export function nodeText(ctx: LowerContext, node: SyntaxNode): string {
  return ctx.slice(node.start, node.end);
}

export function exprFromNode(ctx: LowerContext, node: SyntaxNode): Expr {
  // Most bounds and widths are plain numbers or names: skip the tokenizer for them.
  // (tree-sitter-c folds a leading sign into number_literal: `-1`.)
  if (node.type === 'number_literal' && /^[0-9]/.test(ctx.text[node.start]))
    return parseNumberLiteral(nodeText(ctx, node));
  if (node.type === 'identifier') return { kind: 'ident', name: nodeText(ctx, node) };
  return parseWholeExpression(new TokenCursor(ctx, node.start, node.end));
}

/** Attributes of an attribute_specifier / attribute_declaration node. */
export function attributesFromNode(ctx: LowerContext, node: SyntaxNode): Attribute[] {
  const tc = new TokenCursor(ctx, node.start, node.end);
  try {
    return parseAttributes(tc);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    ctx.syntaxError(err.start, err.end, err.message);
    return [];
  }
}

/** `_Alignas(8)` inside a type_qualifier node, as an `aligned` attribute. */
export function qualifierAttributes(ctx: LowerContext, node: SyntaxNode): Attribute[] {
  if (!/^\s*(_Alignas|alignas)\b/.test(nodeText(ctx, node))) return [];
  try {
    return parseSpecifiers(new TokenCursor(ctx, node.start, node.end)).attributes;
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    return [];
  }
}

/** A non-tag type specifier node as a TypeExpr (tags are lowered by lower-decl). */
export function simpleTypeFromNode(ctx: LowerContext, node: SyntaxNode): TypeExpr {
  const text = nodeText(ctx, node);
  switch (node.type) {
    case 'primitive_type':
    case 'type_identifier':
      return namedType(text);
    case 'sized_type_specifier': {
      const words = new TokenCursor(ctx, node.start, node.end).toks
        .filter((t) => t.kind === 'ident')
        .map((t) => t.text);
      const name = builtinFromWords(words);
      return name ? { kind: 'builtin', name } : { kind: 'unknown', text };
    }
    default:
      return { kind: 'unknown', text };
  }
}

/** Applies a declarator node to a base type, inside out, as C reads declarators. */
export function lowerDeclarator(ctx: LowerContext, node: SyntaxNode, base: TypeExpr): LoweredDeclarator {
  const attributes: Attribute[] = [];
  let type = base;
  let cur: SyntaxNode | undefined = node;
  while (cur) {
    const kids = cur.children;
    switch (cur.type) {
      case 'pointer_declarator':
        type = { kind: 'pointer', to: type };
        cur = lastNamed(kids, DECLARATORS);
        break;
      case 'array_declarator':
        type = { kind: 'array', of: type, length: arrayLength(ctx, kids) };
        cur = kids[0];
        break;
      case 'function_declarator':
        type = { kind: 'function', returns: type };
        cur = kids[0];
        break;
      case 'parenthesized_declarator':
      case 'init_declarator':
        cur = cur.type === 'init_declarator' ? kids[0] : lastNamed(kids, DECLARATORS);
        break;
      case 'attributed_declarator':
        for (const k of kids)
          if (k.type === 'attribute_declaration') pushAll(attributes, attributesFromNode(ctx, k));
        cur = kids[0];
        break;
      default:
        return { name: nodeText(ctx, cur), nameStart: cur.start, nameEnd: cur.end, type, attributes };
    }
  }
  return { nameStart: node.start, nameEnd: node.start, type, attributes };
}

function lastNamed(kids: SyntaxNode[], types: ReadonlySet<string>): SyntaxNode | undefined {
  for (let i = kids.length - 1; i >= 0; i--) if (types.has(kids[i].type)) return kids[i];
  return undefined;
}

/** The bound between `[` and `]`, skipping qualifiers and `static`; null for `[]` and `[*]`. */
function arrayLength(ctx: LowerContext, kids: SyntaxNode[]): Expr | null {
  const open = kids.findIndex((k) => k.type === '[');
  for (let i = open + 1; i < kids.length; i++) {
    const k = kids[i];
    if (k.type === ']' || k.type === '*') return null;
    if (k.type === 'type_qualifier' || k.type === 'static' || k.type === 'comment') continue;
    return exprFromNode(ctx, k);
  }
  return null;
}
