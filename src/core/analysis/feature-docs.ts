// Which struct the header documents for a feature number: one the #define's
// comment names (`struct vfio_device_feature_zpci_err`), else the struct
// written right before or right after the #define, best matched by name.

import { resolve } from 'node:path';
import type { RecordDecl, TypeExpr } from '../lang/ast';
import type { SourceLocation } from '../text/position';
import type { CheckContext } from './context';
import { defineValue } from './number-context';
import { lineText } from './source-text';

export interface DocumentedStruct {
  tag: string;
  loc?: SourceLocation;
  /** How it was found, for messages. */
  how: 'named in the comment above the #define' | 'declared next to the #define';
}

export function documentedStruct(ctx: CheckContext, name: string): DocumentedStruct | undefined {
  const ref = ctx.models[0];
  const define = defineValue(ctx, name);
  if (!ref || !define) return undefined;
  const named = /\bstruct\s+(\w+)/.exec(define.record.doc ?? '')?.[1];
  if (named)
    return {
      tag: named,
      loc: ref.typeEnv.record(named, 'struct')?.loc,
      how: 'named in the comment above the #define',
    };
  const file = resolve(define.record.nameLoc.file);
  const line = define.record.nameLoc.range.start.line;
  const best = pick(neighbors(ctx, file, line), name);
  return best
    ? { tag: best.decl.name as string, loc: best.decl.loc, how: 'declared next to the #define' }
    : undefined;
}

/**
 * The feature's own struct among its neighbors: helper structs (one used as a member
 * type of another, or named in another's comment, like vfio_device_feature_dma_logging_range)
 * drop out; then the most name words shared with the feature, then a doc comment, then nearest.
 */
function pick(near: Neighbor[], feature: string): Neighbor | undefined {
  const helper = (n: Neighbor): boolean =>
    near.some(
      (o) =>
        o !== n &&
        ((o.decl.doc ?? '').includes(`struct ${n.decl.name}`) ||
          (o.decl.fields ?? []).some((f) => usesRecord(f.type, n.decl.name as string))),
    );
  const words = feature
    .toLowerCase()
    .split('_')
    .filter((w) => !['vfio', 'device', 'feature'].includes(w));
  const score = (n: Neighbor): number =>
    (n.decl.name as string).split('_').filter((w) => words.includes(w)).length;
  const main = near.filter((n) => !helper(n));
  const ranked = main
    .map((n) => ({ n, key: [score(n), n.decl.doc ? 1 : 0, -n.distance] }))
    .sort((a, b) => b.key[0] - a.key[0] || b.key[1] - a.key[1] || b.key[2] - a.key[2]);
  const top = ranked[0];
  if (!top) return undefined;
  // Without a shared name word, only the struct right before the #define counts.
  return top.key[0] > 0 || (top.n.before && top.n.distance === 0) ? top.n : undefined;
}

function usesRecord(t: TypeExpr, tag: string): boolean {
  for (let depth = 0; depth < 16; depth++) {
    if (t.kind === 'record-ref') return t.name === tag;
    if (t.kind === 'record') return t.decl.name === tag;
    if (t.kind === 'array') t = t.of;
    else if (t.kind === 'pointer') t = t.to;
    else return false;
  }
  return false;
}

interface Neighbor {
  decl: RecordDecl;
  before: boolean;
  /** How many structs lie between it and the #define. */
  distance: number;
}

/** Runs of structs separated from the #define (and each other) only by blank lines, before and after it. */
function neighbors(ctx: CheckContext, file: string, line: number): Neighbor[] {
  const records = ctx.models[0].typeEnv
    .allRecords()
    .filter((r) => r.name && r.kind === 'struct' && resolve(r.loc.file) === file)
    .sort((a, b) => a.loc.range.start.line - b.loc.range.start.line);
  const out: Neighbor[] = [];
  let to = line;
  for (const r of records.filter((x) => x.loc.range.end.line < line).reverse()) {
    if (!onlyBlank(ctx, file, r.loc.range.end.line + 1, to)) break;
    out.push({ decl: r, before: true, distance: out.length });
    to = r.loc.range.start.line - commentLines(ctx, file, r.loc.range.start.line);
  }
  let from = line + 1;
  let distance = 0;
  for (const r of records.filter((x) => x.loc.range.start.line > line)) {
    if (!onlyBlank(ctx, file, from, r.loc.range.start.line)) break;
    out.push({ decl: r, before: false, distance: distance++ });
    from = r.loc.range.end.line + 1;
  }
  return out;
}

/** Lines of the comment block right above `line` (0 when none). */
function commentLines(ctx: CheckContext, file: string, line: number): number {
  let n = 0;
  while (line - n - 1 >= 0 && /^\s*(\/\*|\*|\/\/)/.test(lineText(ctx, file, line - n - 1))) n++;
  return n;
}

function onlyBlank(ctx: CheckContext, file: string, from: number, to: number): boolean {
  for (let l = from; l < to; l++) if (lineText(ctx, file, l).trim() !== '') return false;
  return true;
}
