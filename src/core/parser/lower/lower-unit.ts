// Lowers a translation unit: error-free top-level nodes through the tree
// lowering, damaged regions (ERROR/MISSING inside) through the recovery parser,
// so one bad declaration never costs the declarations around it.

import type { Decl } from '../../lang/ast';
import { docBefore } from '../doc-comments';
import type { LowerContext } from './lower-context';
import { lowerDeclaration, lowerEnum, lowerRecord, lowerTypedef, setTagDoc } from './lower-decl';
import { parseTopLevelRegion } from '../recovery/parse-top';
import type { SyntaxNode } from '../tree-sitter/syntax-node';

const CONTAINERS = new Set([
  'preproc_if',
  'preproc_ifdef',
  'preproc_else',
  'preproc_elif',
  'preproc_elifdef',
  'declaration_list',
]);

/** Appends the unit's declarations to `out` (so a bug midway still leaves the ones before it). */
export function lowerTopLevel(ctx: LowerContext, root: SyntaxNode, out: Decl[] = []): Decl[] {
  const kids = root.children;
  for (let i = 0; i < kids.length; i++) {
    if (!kids[i].hasError) {
      lowerItem(ctx, kids[i], out);
      checkSemicolon(ctx, kids, i);
      continue;
    }
    const last = damagedRegionEnd(ctx.text, kids, i);
    parseTopLevelRegion(ctx, kids[i].start, kids[last].end, out);
    i = last;
  }
  return out;
}

const TAGS = new Set(['struct_specifier', 'union_specifier', 'enum_specifier']);

/** Reports a struct/union/enum definition at top level not followed by `;` (comments skipped). */
export function checkSemicolon(ctx: LowerContext, kids: readonly SyntaxNode[], i: number): void {
  if (!TAGS.has(kids[i].type)) return;
  let j = i + 1;
  while (kids[j]?.type === 'comment') j++;
  const next = kids[j];
  // At the end of the input tree-sitter inserts a MISSING (empty) ';' instead of an error;
  // anything else after the definition is an error region the recovery parser reports.
  if (next && !(next.type === ';' && next.end === next.start)) return;
  missingSemicolon(ctx, kids[i], kids[j + 1]);
}

/** tree-sitter takes a definition at the end of the input without its `;`; gcc does not
 *  ("expected identifier or '(' at end of input"). Said as the recovery parser says it mid-file. */
function missingSemicolon(ctx: LowerContext, node: SyntaxNode, next: SyntaxNode | undefined): void {
  const kind = node.type.replace('_specifier', '');
  const name = /^\s*\w+\s+([A-Za-z_]\w*)/.exec(
    ctx.text.slice(node.start, Math.min(node.end, node.start + 200)),
  )?.[1];
  const found = next
    ? `'${ctx.text.slice(next.start, Math.min(next.end, next.start + 24))}'`
    : 'end of input';
  const message = `expected ';' after the definition of ${kind} ${name ?? '<anonymous>'}, found ${found}`;
  ctx.syntaxError(node.end, node.end, message);
}

/** Extends a damaged node over its neighbors until the region ends a declaration. */
export function damagedRegionEnd(text: string, kids: SyntaxNode[], first: number): number {
  let last = first;
  for (;;) {
    const next = kids[last + 1];
    if (!next) return last;
    const closed = endsDeclaration(text, kids[first].start, kids[last].end);
    if (closed && !next.hasError && next.type !== ';' && next.type !== 'expression_statement') return last;
    last++;
  }
}

function endsDeclaration(text: string, start: number, end: number): boolean {
  let i = end - 1;
  while (i > start && /\s/.test(text[i])) i--;
  return text[i] === ';' || text[i] === '}';
}

export function lowerItem(ctx: LowerContext, node: SyntaxNode, out: Decl[]): void {
  switch (node.type) {
    case 'struct_specifier':
    case 'union_specifier': {
      const decl = lowerRecord(ctx, node);
      setTagDoc({ kind: 'record', decl }, docBefore(ctx.text, node.start));
      out.push({ kind: 'record', decl });
      return;
    }
    case 'enum_specifier': {
      const decl = lowerEnum(ctx, node);
      setTagDoc({ kind: 'enum', decl }, docBefore(ctx.text, node.start));
      out.push({ kind: 'enum', decl });
      return;
    }
    case 'type_definition':
      return lowerTypedef(ctx, node, docBefore(ctx.text, node.start), out);
    case 'declaration':
      return lowerDeclaration(ctx, node, docBefore(ctx.text, node.start), out);
    case 'linkage_specification':
      for (const k of node.children) lowerItem(ctx, k, out);
      return;
    default:
      if (CONTAINERS.has(node.type)) for (const k of node.children) lowerItem(ctx, k, out);
  }
}
