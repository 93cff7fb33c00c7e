// Top-level declarations parsed by hand once per run of sibling parses, not once per ABI:
// the ABIs of one unit expand to mostly the same text (only arch-conditional parts and asm/
// headers differ), so an item whose text and source locations match one a sibling parsed,
// and whose identifiers name typedefs on both alike, reuses that sibling's declarations.

import type { Decl } from '../../lang/ast';
import type { SourceLocation } from '../../text/position';
import type { LowerContext } from '../lower/lower-context';
import type { Tok } from './tokens';
import type { TokenCursor } from './token-cursor';
import { CHECKPOINT_EVERY, type Steps } from '../../steps';

interface Item {
  /** The text from just before the item (its doc comment's reach) to its end. */
  keyText: string;
  /** The whole item's source location. */
  where: string;
  /** The item's identifiers that named a typedef before it, and those that did not (what the parse asked). */
  typedefs: string[];
  others: string[];
  /** Its last token (a `;` or `}`: nothing after it can join it). */
  last: Pick<Tok, 'kind' | 'text'>;
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

  /** Parses one top-level item with `parse`, or takes a sibling's parse of the same item. What is
   *  left to do for a huge item (its identifiers read, a pass over all its tokens) comes back as
   *  steps for the stepped parse to run before the next item. */
  item(tc: TokenCursor, out: Decl[], parse: () => void): Steps<void> | undefined {
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
    const toks = tc.slice(first, tc.pos);
    const last = toks[toks.length - 1];
    if (last.kind !== 'punct' || (last.text !== ';' && last.text !== '}')) return;
    const end = last.end;
    const decls = out.slice(outStart);
    const added = new Set<string>();
    for (const d of decls) if (d.kind === 'typedef' && d.decl.name) added.add(d.decl.name);
    // Replaying adds the item's typedef names: unsafe unless exactly those were what it added.
    const grew = this.ctx.typedefs.size - before;
    if (grew !== 0 && grew !== added.size) return;
    const typedefs = new Set<string>();
    const others = new Set<string>();
    const scan = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const t = toks[i];
        if (t.kind !== 'ident') continue;
        // The names the item added were not typedefs before it.
        const before = this.ctx.typedefs.has(t.text) && !(grew > 0 && added.has(t.text));
        (before ? typedefs : others).add(t.text);
      }
    };
    const save = () =>
      this.store.set(key, {
        keyText: this.ctx.text.slice(keyStart, end),
        where: locationKey(this.ctx.loc(start, end)),
        typedefs: [...typedefs],
        others: [...others],
        last: { kind: last.kind, text: last.text },
        decls,
        usedBy: this.run,
      });
    if (toks.length <= SCAN_PER_STEP) {
      scan(0, toks.length);
      save();
      return undefined;
    }
    return (function* () {
      for (let from = 0; from < toks.length; from += SCAN_PER_STEP) {
        yield;
        scan(from, Math.min(toks.length, from + SCAN_PER_STEP));
      }
      save();
    })();
  }

  /** The end of a parse: how many items it had (sizes the store's sweep). */
  finish(): void {
    this.store.counted(this.items);
  }

  private take(tc: TokenCursor, out: Decl[], key: string, keyStart: number, start: number): boolean {
    const hit = this.store.get(key);
    if (!hit || hit.usedBy === this.run) return false;
    const end = keyStart + hit.keyText.length;
    // A slice compared with === (a memory compare), not startsWith(keyText, keyStart): V8's startsWith
    // compares a character at a time, ~20x slower, and these texts are most of the unit on every ABI.
    if (this.ctx.text.slice(keyStart, end) !== hit.keyText) return false;
    // The same text from just before the item lexes to the same tokens, the last ending at `end`.
    const typedefs = this.ctx.typedefs;
    if (hit.typedefs.some((n) => !typedefs.has(n)) || hit.others.some((n) => typedefs.has(n))) return false;
    if (locationKey(this.ctx.loc(start, end)) !== hit.where) return false;
    hit.usedBy = this.run;
    tc.skipRead(end, hit.last);
    for (const d of hit.decls) {
      out.push(d);
      if (d.kind === 'typedef' && d.decl.name) this.ctx.typedefs.add(d.decl.name);
    }
    return true;
  }

  private keyOf(keyStart: number, start: number): string | undefined {
    const from = this.ctx.loc(keyStart, keyStart);
    const at = this.ctx.loc(start, start);
    if (from.file === '<unknown>' || at.file === '<unknown>') return undefined;
    return `${locationKey(from)}\u0000${locationKey(at)}`;
  }
}

/** Tokens of an item read per step after it was parsed (a 1 MB item holds ~300,000). */
const SCAN_PER_STEP = 8 * CHECKPOINT_EVERY;

function locationKey(l: SourceLocation): string {
  const { start, end } = l.range;
  return `${l.file}:${start.line}:${start.character}-${end.line}:${end.character}`;
}
