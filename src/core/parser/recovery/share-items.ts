// Top-level declarations parsed by hand once per run of sibling parses, not once per ABI:
// the ABIs of one unit expand to mostly the same text (only arch-conditional parts and asm/
// headers differ), so an item whose text and source locations match one a sibling parsed,
// and whose identifiers name typedefs on both alike, reuses that sibling's declarations.

import type { Decl } from '../../lang/ast';
import type { SourceLocation } from '../../text/position';
import type { LowerContext } from '../lower/lower-context';
import type { Tok } from './tokens';
import type { TokenCursor } from './token-cursor';

interface Item {
  /** The text from just before the item (its doc comment's reach) to its end. */
  keyText: string;
  /** The whole item's source location. */
  where: string;
  /** Per identifier token of the item: '1' when it named a typedef before the item (what the parse asked). */
  typedefFlags: string;
  decls: Decl[];
  /** The last run that took or made this item (a run never takes an item twice). */
  usedBy: number;
}

/** Items by where their key text and the item start in the sources; kept by the caller
 *  across the sibling parses of one unit (HeaderModelCache.lowering). */
export class SharedItems {
  private readonly byKey = new Map<string, Item>();
  private run = 0;
  private lastRunItems = 0;

  /** A new parse: its own number, and old items swept when the store outgrows the recent runs. */
  begin(ctx: LowerContext): ItemRun {
    if (this.byKey.size > Math.max(4096, 16 * this.lastRunItems)) {
      // Stale keys (edited-away items) pile up across edits: keep what the last runs used.
      for (const [key, item] of this.byKey) if (item.usedBy < this.run - 8) this.byKey.delete(key);
    }
    return new ItemRun(this, ctx, ++this.run);
  }

  /** @internal */ get(key: string): Item | undefined {
    return this.byKey.get(key);
  }

  /** @internal */ set(key: string, item: Item): void {
    this.byKey.set(key, item);
  }

  /** @internal */ counted(items: number): void {
    this.lastRunItems = Math.max(this.lastRunItems, items);
  }
}

/** One parse's use of the shared items. */
export class ItemRun {
  private items = 0;

  constructor(
    private readonly store: SharedItems,
    private readonly ctx: LowerContext,
    private readonly run: number,
  ) {}

  /** Parses one top-level item with `parse`, or takes a sibling's parse of the same item. */
  item(tc: TokenCursor, out: Decl[], parse: () => void): void {
    this.items++;
    const first = tc.pos;
    const start = tc.tok.start;
    const keyStart = first === 0 ? 0 : tc.lastEnd - 1;
    const key = this.keyOf(keyStart, start);
    if (key && this.take(tc, out, key, keyStart, start)) return;
    const outStart = out.length;
    const diagStart = this.ctx.diagnostics.length;
    const before = this.ctx.typedefs.size;
    parse();
    // Items with findings are not shared: a syntax error's report depends on the one before it.
    if (!key || tc.pos <= first || this.ctx.diagnostics.length !== diagStart) return;
    if (this.store.get(key)?.usedBy === this.run) return;
    const end = tc.lastEnd;
    const decls = out.slice(outStart);
    const added = new Set<string>();
    for (const d of decls) if (d.kind === 'typedef' && d.decl.name) added.add(d.decl.name);
    // Replaying adds the item's typedef names: unsafe unless exactly those were what it added.
    const grew = this.ctx.typedefs.size - before;
    if (grew !== 0 && grew !== added.size) return;
    const names = grew === 0 ? new Set<string>() : added;
    this.store.set(key, {
      keyText: this.ctx.text.slice(keyStart, end),
      where: locationKey(this.ctx.loc(start, end)),
      typedefFlags: this.flags(tc.toks, first, tc.pos, names),
      decls,
      usedBy: this.run,
    });
  }

  /** The end of a parse: how many items it had (sizes the store's sweep). */
  finish(): void {
    this.store.counted(this.items);
  }

  private take(tc: TokenCursor, out: Decl[], key: string, keyStart: number, start: number): boolean {
    const hit = this.store.get(key);
    if (!hit || hit.usedBy === this.run || !this.ctx.text.startsWith(hit.keyText, keyStart)) return false;
    const end = keyStart + hit.keyText.length;
    // The item must end on a token boundary of this parse and map to the same source range.
    const toks = tc.toks;
    let pos = tc.pos;
    while (toks[pos].kind !== 'eof' && toks[pos].end <= end) pos++;
    if (pos === tc.pos || toks[pos - 1].end !== end) return false;
    if (this.flags(toks, tc.pos, pos, undefined) !== hit.typedefFlags) return false;
    if (locationKey(this.ctx.loc(start, end)) !== hit.where) return false;
    hit.usedBy = this.run;
    tc.pos = pos;
    for (const d of hit.decls) {
      out.push(d);
      if (d.kind === 'typedef' && d.decl.name) this.ctx.typedefs.add(d.decl.name);
    }
    return true;
  }

  /** Which identifiers of toks[from, to) named a typedef before the item (`added`: the names it added). */
  private flags(toks: Tok[], from: number, to: number, added: ReadonlySet<string> | undefined): string {
    const typedefs = this.ctx.typedefs;
    let out = '';
    for (let i = from; i < to; i++) {
      const t = toks[i];
      if (t.kind !== 'ident') continue;
      out += typedefs.has(t.text) && !added?.has(t.text) ? '1' : '0';
    }
    return out;
  }

  private keyOf(keyStart: number, start: number): string | undefined {
    const from = this.ctx.loc(keyStart, keyStart);
    const at = this.ctx.loc(start, start);
    if (from.file === '<unknown>' || at.file === '<unknown>') return undefined;
    return `${locationKey(from)}\u0000${locationKey(at)}`;
  }
}

function locationKey(l: SourceLocation): string {
  const { start, end } = l.range;
  return `${l.file}:${start.line}:${start.character}-${end.line}:${end.character}`;
}
