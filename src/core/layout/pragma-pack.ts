// `#pragma pack` state at a record's definition. The preprocessor keeps pragma
// lines (PragmaRecord); we replay the pack pragmas of the record's own file up
// to its position: pack(N), pack(), pack(push[, id][, N]), pack(pop[, id]).

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

/** One pack pragma applied to the current value; malformed ones change nothing (GCC warns and ignores them). */
function apply(text: string, current: number, stack: { id?: string; value: number }[]): number {
  const m = /^\s*pack\s*\(([^)]*)\)/.exec(text);
  if (!m) return current;
  const args = m[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const num = (s: string | undefined) =>
    s !== undefined && /^\d+$/.test(s) && [1, 2, 4, 8, 16].includes(Number(s)) ? Number(s) : undefined;
  if (args.length === 0) return 0;
  if (args[0] === 'push') {
    const id = args.length > 1 && num(args[1]) === undefined ? args[1] : undefined;
    stack.push({ id, value: current });
    return num(args[args.length - 1]) ?? current;
  }
  if (args[0] === 'pop') {
    const id = args[1];
    if (id !== undefined && num(id) === undefined) {
      const i = stack.map((s) => s.id).lastIndexOf(id);
      if (i < 0) return current;
      const [entry] = stack.splice(i);
      return entry.value;
    }
    return stack.pop()?.value ?? current;
  }
  return num(args[0]) ?? current;
}
