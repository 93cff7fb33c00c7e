// Incremental lowering: after an edit, top-level declarations whose text, doc
// comment, source location and visible typedef names are unchanged (and which lie
// wholly before or after the edited span) reuse the
// declarations (and diagnostics) lowered from the previous parse instead of
// being lowered again. A one-character edit then re-lowers one declaration.
// Sibling parses (the other ABIs of one document) share a SharedLowering: an item
// lowered on one ABI is reused on another when its text, source location and
// visible typedef names match, so the edited declaration is lowered once, not per ABI.

import type { Diagnostic } from '../../diag/diagnostic';
import type { SourceMapLike } from '../../preprocess/types';
import type { SourceLocation } from '../../text/position';
import type { Decl } from '../../lang/ast';
import type { LowerContext } from './lower-context';
import { checkSemicolon, damagedRegionEnd, lowerItem } from './lower-unit';
import { parseTopLevelRegion } from '../recovery/parse-top';
import { SharedItems } from '../recovery/share-items';
import type { SyntaxNode } from '../tree-sitter/syntax-node';
import { fastTextChange } from '../tree-sitter/text-change';
import type { TextChange } from '../tree-sitter/tree-sitter';
import { pushAll } from '../../text/push-all';

/** What one lowering run produced per top-level item, kept for the next run. */
export class LowerMemo {
  readonly items: ItemRecord[] = [];
  private byStart?: Map<number, ItemRecord>;

  constructor(
    readonly text: string,
    readonly map: SourceMapLike,
  ) {}

  /** The item that started at `start` in this memo's text, if any. */
  at(start: number): ItemRecord | undefined {
    if (!this.byStart) {
      this.byStart = new Map();
      for (const r of this.items) this.byStart.set(r.start, r);
    }
    return this.byStart.get(start);
  }
}

/** Where the previous run's text lines up with this one's: the edit between them (common prefix and suffix). */
interface Alignment {
  previous: LowerMemo;
  change: TextChange;
}

/** Items lowered by any sibling parse, by source location, type and typedef state.
 *  Location-keyed (not offset-keyed): the ABIs' expansions differ before the main file. */
export class SharedLowering {
  private readonly byKey = new Map<string, SharedItem>();
  /** The same for the hand parser, which reads whole units (recovery/share-items.ts). */
  readonly handItems = new SharedItems();

  get(key: string, keyText: string): SharedItem | undefined {
    const item = this.byKey.get(key);
    return item && item.keyText === keyText ? item : undefined;
  }

  set(key: string, item: SharedItem): void {
    // Stale keys (edited-away items) pile up across edits: start over now and then.
    if (this.byKey.size >= MAX_SHARED) this.byKey.clear();
    this.byKey.set(key, item);
  }
}

const MAX_SHARED = 4096;

/** Numbers lowering runs, so a shared item is taken at most once per run. */
let runs = 0;

interface SharedItem {
  keyText: string;
  decls: Decl[];
  diagnostics: Diagnostic[];
  /** The number of the last lowering run that took this item. */
  usedBy: number;
}

interface ItemRecord {
  type: string;
  /** Where the text the item depends on starts (its doc comment's reach), and its span. */
  keyStart: number;
  start: number;
  end: number;
  /** The typedef names visible before the item (a hash of the names added so far). */
  typedefState: string;
  decls: Decl[];
  diagnostics: Diagnostic[];
  /** The item's source location, once computed (saves locating it again next run). */
  loc?: SourceLocation;
  used?: boolean;
}

/** Like lowerTopLevel, reusing items of `previous` where the result cannot differ; returns this run's memo. */
export function lowerTopLevelReusing(
  ctx: LowerContext,
  root: SyntaxNode,
  out: Decl[],
  previous: LowerMemo | undefined,
  shared?: SharedLowering,
): LowerMemo {
  const memo = new LowerMemo(ctx.text, ctx.map);
  const align = previous && { previous, change: fastTextChange(previous.text, ctx.text) };
  const state = new TypedefState(ctx);
  const run = ++runs;
  const kids = root.children;
  let prev: SyntaxNode | undefined;
  for (let i = 0; i < kids.length; i++) {
    const node = kids[i];
    if (node.hasError) {
      const last = damagedRegionEnd(ctx.text, kids, i);
      parseTopLevelRegion(ctx, node.start, kids[last].end, out);
      state.sync();
      prev = kids[last];
      i = last;
      continue;
    }
    if (node.type === 'comment') continue;
    const keyStart = dependsFrom(ctx.text, prev);
    prev = node;
    const record =
      reused(ctx, node, keyStart, state.key, align) ??
      (shared
        ? lowerShared(ctx, node, keyStart, state.key, shared, run)
        : lowerFresh(ctx, node, keyStart, state.key));
    pushAll(out, record.decls);
    pushAll(ctx.diagnostics, record.diagnostics);
    checkSemicolon(ctx, kids, i);
    state.addFrom(record.decls);
    memo.items.push(record);
  }
  return memo;
}

/** Records are built in one place so they all share one shape (spreads cost here: ~300 items per ABI). */
function itemRecord(
  node: SyntaxNode,
  keyStart: number,
  typedefState: string,
  decls: Decl[],
  diagnostics: Diagnostic[],
  loc: SourceLocation | undefined,
): ItemRecord {
  return {
    type: node.type,
    keyStart,
    start: node.start,
    end: node.end,
    typedefState,
    decls,
    diagnostics,
    loc,
    used: false,
  };
}

function lowerFresh(ctx: LowerContext, node: SyntaxNode, keyStart: number, typedefState: string): ItemRecord {
  const decls: Decl[] = [];
  const diagStart = ctx.diagnostics.length;
  const typedefsBefore = ctx.typedefs.size;
  lowerItem(ctx, node, decls);
  const diagnostics = ctx.diagnostics.splice(diagStart);
  const names = new Set(decls.flatMap((d) => (d.kind === 'typedef' ? [d.decl.name] : [])));
  // Replaying adds the item's typedef names: unsafe unless exactly those were what it added.
  const grew = ctx.typedefs.size - typedefsBefore;
  const replayable = grew === 0 || grew === names.size;
  return itemRecord(node, keyStart, replayable ? typedefState : '\u0000never', decls, diagnostics, undefined);
}

/** lowerFresh through the siblings' items: reuse one lowered from the same source text with
 *  the same typedef names, or lower it and offer it to the siblings. */
function lowerShared(
  ctx: LowerContext,
  node: SyntaxNode,
  keyStart: number,
  typedefState: string,
  shared: SharedLowering,
  run: number,
): ItemRecord {
  const loc = locate(ctx.map, node.start, node.end);
  const from = locate(ctx.map, keyStart, keyStart);
  if (!loc || !from) return lowerFresh(ctx, node, keyStart, typedefState);
  const key = `${node.type}\u0000${typedefState}\u0000${locationKey(from)}\u0000${locationKey(loc)}`;
  const keyText = ctx.text.slice(keyStart, node.end);
  const hit = shared.get(key, keyText);
  // One run never takes an item twice (a header read twice): fresh lowering gives distinct objects.
  if (hit && hit.usedBy !== run) {
    hit.usedBy = run;
    for (const d of hit.decls) if (d.kind === 'typedef') ctx.typedefs.add(d.decl.name);
    return itemRecord(node, keyStart, typedefState, hit.decls, hit.diagnostics, loc);
  }
  const record = lowerFresh(ctx, node, keyStart, typedefState);
  if (record.typedefState === typedefState && !hit) {
    shared.set(key, { keyText, decls: record.decls, diagnostics: record.diagnostics, usedBy: run });
  }
  record.loc = loc;
  return record;
}

function locationKey(l: SourceLocation): string {
  const { start, end } = l.range;
  return `${l.file}:${start.line}:${start.character}-${end.line}:${end.character}`;
}

function reused(
  ctx: LowerContext,
  node: SyntaxNode,
  keyStart: number,
  typedefState: string,
  align: Alignment | undefined,
): ItemRecord | undefined {
  if (!align) return undefined;
  const { previous, change } = align;
  // Only items wholly before the edit (same offsets) or wholly after it (shifted) can be unchanged.
  let shift: number;
  if (node.end <= change.start) shift = 0;
  else if (keyStart >= change.newEnd) shift = change.oldEnd - change.newEnd;
  else return undefined;
  const r = previous.at(node.start + shift);
  if (!r || r.used || r.type !== node.type || r.typedefState !== typedefState) return undefined;
  if (r.end !== node.end + shift || r.keyStart !== keyStart + shift) return undefined;
  // The key text lies wholly in the common prefix or suffix (fastTextChange is exact), so it is unchanged.
  const loc = locate(ctx.map, node.start, node.end);
  if (!loc || !sameLocation(loc, r.loc ?? locate(previous.map, r.start, r.end))) return undefined;
  r.used = true;
  for (const d of r.decls) if (d.kind === 'typedef') ctx.typedefs.add(d.decl.name);
  return itemRecord(node, keyStart, r.typedefState, r.decls, r.diagnostics, loc);
}

/** The item's doc comment is searched back to the previous declaration: include that gap in the key
 *  (and the previous item itself when it does not end like a declaration, so the search could cross it). */
function dependsFrom(text: string, prev: SyntaxNode | undefined): number {
  if (!prev) return 0;
  const last = text.charCodeAt(prev.end - 1);
  return last === 59 || last === 125 ? prev.end : prev.start; // ';' or '}'
}

function locate(map: SourceMapLike, start: number, end: number): SourceLocation | undefined {
  try {
    return map.locate(start, Math.max(start, end));
  } catch {
    return undefined;
  }
}

function sameLocation(a: SourceLocation, b: SourceLocation | undefined): boolean {
  if (!b || a.file !== b.file) return false;
  const [x, y] = [a.range, b.range];
  return (
    x.start.line === y.start.line &&
    x.start.character === y.start.character &&
    x.end.line === y.end.line &&
    x.end.character === y.end.character
  );
}

/** An order-independent fingerprint of the context's typedef names (a set: adding a name twice is one name). */
class TypedefState {
  private count: number;
  private sum1 = 0;
  private sum2 = 0;
  key = '';

  constructor(private readonly ctx: LowerContext) {
    this.count = 0;
    this.recount();
  }

  /** After an item whose typedef decls are `decls`: fold in its names, or recount if that does not add up. */
  addFrom(decls: readonly Decl[]): void {
    const names = new Set<string>();
    for (const d of decls) if (d.kind === 'typedef') names.add(d.decl.name);
    const grew = this.ctx.typedefs.size - this.count;
    if (grew === 0) return;
    if (grew !== names.size) return this.recount();
    for (const name of names) this.mix(name);
    this.count = this.ctx.typedefs.size;
    this.render();
  }

  /** After something else changed the names (the recovery parser). */
  sync(): void {
    if (this.ctx.typedefs.size !== this.count) this.recount();
  }

  private recount(): void {
    this.sum1 = 0;
    this.sum2 = 0;
    for (const name of this.ctx.typedefs) this.mix(name);
    this.count = this.ctx.typedefs.size;
    this.render();
  }

  private mix(name: string): void {
    let h1 = 0x811c9dc5;
    let h2 = 0x1234567;
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    this.sum1 = (this.sum1 + h1) | 0;
    this.sum2 = (this.sum2 + h2) | 0;
  }

  private render(): void {
    this.key = `${this.count}:${this.sum1 >>> 0}:${this.sum2 >>> 0}`;
  }
}

const memos = new WeakMap<object, LowerMemo>();

/** The memo a parsed unit was lowered with (undefined for units lowered otherwise). */
export function lowerMemoOf(unit: object | undefined): LowerMemo | undefined {
  return unit ? memos.get(unit) : undefined;
}

export function rememberLowering(unit: object, memo: LowerMemo): void {
  memos.set(unit, memo);
}
