// Persistent hide sets for the macro expander (Prosser's algorithm). A set is an
// immutable bit trie over interned macro-name ids, so adding a name copies one
// short path instead of the whole set: a chain of 20,000 nested macros costs
// linear memory, where copied arrays cost 20,000^2/2 names (issue 15).

type Slot = Slot[] | number | undefined;

/** Macro names seen by any expander, numbered once (bounded by the distinct names defined). */
const ids = new Map<string, number>();
const names: string[] = [];

function intern(name: string): number {
  let id = ids.get(name);
  if (id === undefined) {
    id = names.length;
    ids.set(name, id);
    names.push(name);
  }
  return id;
}

/** An immutable set of macro names; share it freely, every operation returns a new set or an operand. */
export class HideSetNode {
  /** The last union computed with this set as left operand (tokens of one expansion share operands). */
  private unionWith: HideSetNode | undefined;
  private unionResult: HideSetNode | undefined;

  private constructor(
    private readonly root: Slot[],
    /** Trie levels above the 32-bit words: capacity is 32 ** levels words. */
    private readonly levels: number,
    readonly size: number,
  ) {}

  static of(name: string): HideSetNode {
    return new HideSetNode([], 1, 0).add(name);
  }

  has(name: string): boolean {
    const id = ids.get(name);
    return id !== undefined && this.hasId(id);
  }

  add(name: string): HideSetNode {
    const id = intern(name);
    if (this.hasId(id)) return this;
    const w = id >>> 5;
    let root = this.root;
    let levels = this.levels;
    while (w >= 32 ** levels) {
      root = [root];
      levels++;
    }
    return new HideSetNode(setBit(root, levels, w, id & 31), levels, this.size + 1);
  }

  /** Names in id order. */
  *[Symbol.iterator](): IterableIterator<string> {
    yield* walk(this.root, this.levels, 0);
  }

  union(b: HideSetNode): HideSetNode {
    if (b === this || b.size === 0) return this;
    if (this.size === 0) return b;
    if (this.unionWith === b) return this.unionResult!;
    const [big, small] = this.size >= b.size ? [this as HideSetNode, b] : [b, this as HideSetNode];
    let r = big;
    for (const n of small) r = r.add(n);
    this.unionWith = b;
    this.unionResult = r;
    return r;
  }

  intersect(b: HideSetNode): HideSetNode | null {
    if (b === this) return this;
    const [big, small] = this.size >= b.size ? [this as HideSetNode, b] : [b, this as HideSetNode];
    let r: HideSetNode | null = null;
    for (const n of small) if (big.has(n)) r = r ? r.add(n) : HideSetNode.of(n);
    return r;
  }

  private hasId(id: number): boolean {
    const w = id >>> 5;
    if (w >= 32 ** this.levels) return false;
    let node: Slot[] | undefined = this.root;
    for (let l = this.levels - 1; l >= 1 && node; l--)
      node = node[(w >>> (5 * l)) & 31] as Slot[] | undefined;
    if (!node) return false;
    const word = (node[w & 31] as number | undefined) ?? 0;
    return ((word >>> (id & 31)) & 1) === 1;
  }
}

/** A copy of the path to word w with bit b set; untouched subtrees are shared. */
function setBit(node: Slot[], levels: number, w: number, b: number): Slot[] {
  const copy = node.slice();
  const i = (w >>> (5 * (levels - 1))) & 31;
  if (levels === 1) copy[i] = (((copy[i] as number | undefined) ?? 0) | (1 << b)) >>> 0;
  else copy[i] = setBit((copy[i] as Slot[] | undefined) ?? [], levels - 1, w, b);
  return copy;
}

function* walk(node: Slot[], levels: number, base: number): IterableIterator<string> {
  for (let i = 0; i < node.length; i++) {
    const s = node[i];
    if (s === undefined) continue;
    const w = base * 32 + i;
    if (levels === 1) {
      for (let b = 0; b < 32; b++) if (((s as number) >>> b) & 1) yield names[w * 32 + b];
    } else yield* walk(s as Slot[], levels - 1, w);
  }
}
