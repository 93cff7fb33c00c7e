// Where a laid-out record wastes space, the way pahole counts it: byte holes
// between members, bit holes inside and after bitfield storage units (also
// inside anonymous members), trailing padding, and the flattened field list.

import type { FieldLayout, Hole, MemberLayout } from './types';
import { pushAll } from '../text/push-all';

/** Start and end (bits) of the space a member occupies, plus its storage unit end for bitfields. */
function extent(m: MemberLayout): { start: number; end: number; unitStart: number; unitEnd: number } {
  if (m.bitOffset !== undefined && m.bitSize !== undefined) {
    return {
      start: m.bitOffset,
      end: m.bitOffset + m.bitSize,
      unitStart: m.offset * 8,
      unitEnd: (m.offset + (m.size ?? 0)) * 8,
    };
  }
  const end = (m.offset + (m.size ?? 0)) * 8;
  return { start: m.offset * 8, end, unitStart: m.offset * 8, unitEnd: end };
}

/** Holes between the direct members of a struct (recursing into anonymous members); none for unions. */
export function findHoles(members: MemberLayout[], kind: 'struct' | 'union'): Hole[] {
  const holes: Hole[] = [];
  for (const m of members) {
    if (m.members) pushAll(holes, findHoles(m.members, m.anonymousKind ?? 'struct'));
  }
  for (const list of holesAfter(members, kind).values()) pushAll(holes, list);
  return holes.sort((a, b) => a.offset - b.offset);
}

/** The holes following each direct member of one member list (not recursing). */
export function holesAfter(members: MemberLayout[], kind: 'struct' | 'union'): Map<MemberLayout, Hole[]> {
  const out = new Map<MemberLayout, Hole[]>();
  if (kind === 'union') return out;
  for (let i = 1; i < members.length; i++) {
    const gaps = gapBetween(members[i - 1], members[i]);
    if (gaps.length) out.set(members[i - 1], gaps);
  }
  return out;
}

function gapBetween(prev: MemberLayout, m: MemberLayout): Hole[] {
  const p = extent(prev);
  const c = extent(m);
  const out: Hole[] = [];
  // Literals with every key (no spread of the names): each hole is one object of one shape.
  const after = prev.name;
  const before = m.name;
  let gapStart = p.end;
  if (prev.bitSize !== undefined && c.start >= p.unitEnd && p.unitEnd > p.end) {
    out.push({ offset: Math.floor(p.end / 8), size: 0, bits: p.unitEnd - p.end, after, before });
    gapStart = p.unitEnd;
  }
  let gapEnd = c.start;
  if (m.bitSize !== undefined && c.unitStart >= gapStart && c.start > c.unitStart) gapEnd = c.unitStart;
  if (gapEnd > gapStart) {
    if (gapStart % 8 === 0 && gapEnd % 8 === 0)
      out.push({ offset: gapStart / 8, size: (gapEnd - gapStart) / 8, after, before });
    else out.push({ offset: Math.floor(gapStart / 8), size: 0, bits: gapEnd - gapStart, after, before });
  }
  if (gapEnd < c.start)
    out.push({ offset: Math.floor(gapEnd / 8), size: 0, bits: c.start - gapEnd, after, before });
  return out;
}

/** End (bytes, storage units included) of the last-ending member. */
export function membersEnd(members: MemberLayout[]): number {
  let end = 0;
  for (const m of members) end = Math.max(end, Math.ceil(extent(m).unitEnd / 8));
  return end;
}

/** Bits left unused at the end of the last bitfield storage unit of a struct. */
export function trailingBitPadding(members: MemberLayout[]): number {
  const last = members[members.length - 1];
  if (!last || last.bitSize === undefined) return 0;
  const e = extent(last);
  return e.unitEnd - e.end;
}

/** Named members with anonymous members flattened in place (what the JSON output lists). */
export function flattenFields(members: MemberLayout[]): FieldLayout[] {
  const out: FieldLayout[] = [];
  for (const m of members) {
    if (m.name === undefined) {
      if (m.members) pushAll(out, flattenFields(m.members));
      continue;
    }
    const f: FieldLayout = { name: m.name, offset: m.offset, size: m.size, typeName: m.typeName, loc: m.loc };
    if (m.bitSize !== undefined) {
      f.bitOffset = m.bitOffset;
      f.bitSize = m.bitSize;
    }
    out.push(f);
  }
  return out;
}
