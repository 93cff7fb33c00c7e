// `#pragma pack` state at a record's definition. The preprocessor keeps pragma
// lines (PragmaRecord); we replay the pack pragmas of the record's own file up
// to its position: pack(N), pack(), pack(push[, id][, N]), pack(pop[, id]), also from `_Pragma`.

import type { SourceLocation } from '../text/position';
import { PRAGMA_ENTER, PRAGMA_LEAVE } from '../preprocess/types';

export interface PackPragma {
  /** Text after `#pragma`, e.g. `pack(push, 2)`. */
  text: string;
  loc: SourceLocation;
}

/** Answers the maximum field alignment (bytes, 0 = no #pragma pack) in effect at a location.
 *  The state is the unit's, in preprocessing order: the pragmas are replayed once with the
 *  include marks (PRAGMA_ENTER/LEAVE), giving each file checkpoints of the absolute value. */
export class PackState {
  private readonly byFile = new Map<string, { loc: SourceLocation; value: number }[]>();
  readonly empty: boolean;

  constructor(pragmas: readonly PackPragma[]) {
    this.empty = !pragmas.some((p) => PACK.test(p.text));
    if (this.empty) return;
    let current = 0;
    const stack: { id?: string; value: number }[] = [];
    for (const p of pragmas) {
      if (PACK.test(p.text)) current = apply(p.text, current, stack);
      else if (p.text !== PRAGMA_ENTER && p.text !== PRAGMA_LEAVE) continue;
      const list = this.byFile.get(p.loc.file) ?? [];
      list.push({ loc: p.loc, value: current });
      this.byFile.set(p.loc.file, list);
    }
    for (const list of this.byFile.values()) list.sort((a, b) => compare(a.loc, b.loc));
  }

  at(loc: SourceLocation): number {
    let current = 0;
    for (const cp of this.byFile.get(loc.file) ?? []) {
      if (compare(cp.loc, loc) >= 0) break;
      current = cp.value;
    }
    return current;
  }
}

const PACK = /^\s*pack\b/;

function compare(a: SourceLocation, b: SourceLocation): number {
  const x = a.range.start;
  const y = b.range.start;
  return x.line !== y.line ? x.line - y.line : x.character - y.character;
}

/** One pack pragma applied to the current value, as GCC's handle_pragma_pack (c-pragma.cc) reads it:
 *  `pack()`, `pack(N)`, `pack(push[, id][, N])` in any order of id and N, `pack(pop[, id])`. N is
 *  0 (the default), 1, 2, 4, 8 or 16, written in any C integer form (`0x1`). Anything else (`pop, 2`,
 *  `pack(1, 2)`, `push, 3`, `show`) is malformed and changes nothing, stack included (GCC warns and
 *  ignores it). `pop, id` without a matching push pops the top entry (GCC warns and pops). */
function apply(text: string, current: number, stack: { id?: string; value: number }[]): number {
  const m = /^\s*pack\s*\(([^)]*)\)\s*$/.exec(text);
  if (!m) return current;
  const args = m[1].split(',').map((s) => s.trim());
  if (args.length === 1 && args[0] === '') return 0;
  const n0 = integer(args[0]);
  if (n0 !== undefined) return args.length === 1 && ALIGNMENTS.has(n0) ? n0 : current;
  if (args[0] !== 'push' && args[0] !== 'pop') return current;
  let id: string | undefined;
  let align: number | undefined;
  for (const a of args.slice(1)) {
    const n = integer(a);
    if (n === undefined && /^[A-Za-z_]\w*$/.test(a) && id === undefined) id = a;
    else if (n !== undefined && args[0] === 'push' && align === undefined) align = n;
    else return current;
  }
  if (args[0] === 'push') {
    if (align !== undefined && !ALIGNMENTS.has(align)) return current;
    stack.push({ id, value: current });
    return align ?? current;
  }
  if (stack.length === 0) return current;
  const i = id === undefined ? -1 : stack.map((s) => s.id).lastIndexOf(id);
  const [entry] = stack.splice(i < 0 ? stack.length - 1 : i);
  return entry.value;
}

const ALIGNMENTS = new Set([0, 1, 2, 4, 8, 16]);

/** A C integer literal (decimal, 0x hex, 0 octal, with u/l suffixes), or undefined. */
function integer(s: string): number | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)[uUlL]*$/.exec(s);
  if (!m) return undefined;
  return m[1].length > 1 && m[1][0] === '0' && !/[xX]/.test(m[1]) ? parseInt(m[1], 8) : Number(m[1]);
}
