// Invariants of a laid-out record, on any ABI and any input: sizes and
// alignments are sane, no two members of a struct share a bit, no member or
// hole reaches past the record's size, union members all start at its start.

import type { MemberLayout, RecordLayout } from '../../../src/core/layout/types';
import { invariant } from '../targets/types';

interface Extent {
  start: number;
  end: number;
  name: string;
}

/** Throws an InvariantError naming the record, ABI and member when one breaks. */
export function checkRecordLayout(r: RecordLayout): void {
  const where = `${r.kind} ${r.name} on ${r.abi}`;
  invariant(Number.isSafeInteger(r.size) && r.size >= 0, `${where}: size ${r.size}`);
  invariant(
    Number.isSafeInteger(r.align) && r.align >= 1 && (r.align & (r.align - 1)) === 0,
    `${where}: alignment ${r.align} is not a power of two`,
  );
  invariant(
    Number.isSafeInteger(r.trailingPadding) && r.trailingPadding >= 0,
    `${where}: trailing padding ${r.trailingPadding}`,
  );
  const complete = !r.incomplete;
  if (complete)
    invariant(
      r.size % r.align === 0,
      `${where}: size ${r.size} is not a multiple of its alignment ${r.align}`,
    );
  checkMembers(r.members, r.kind, 0, complete ? r.size : undefined, where);
  for (const h of r.holes) {
    invariant(
      Number.isSafeInteger(h.offset) && h.offset >= 0 && Number.isSafeInteger(h.size) && h.size >= 0,
      `${where}: bad hole ${JSON.stringify(h)}`,
    );
    if (complete)
      invariant(h.offset + h.size <= r.size, `${where}: hole ${JSON.stringify(h)} ends past size ${r.size}`);
  }
  for (const f of r.fields) {
    invariant(
      Number.isSafeInteger(f.offset) && f.offset >= 0,
      `${where}: field ${f.name} at offset ${f.offset}`,
    );
    if (complete)
      invariant(
        f.offset + (f.size ?? 0) <= r.size || f.bitSize !== undefined,
        `${where}: field ${f.name} (offset ${f.offset}, size ${f.size}) ends past size ${r.size}`,
      );
  }
}

/** Members of one record or anonymous member spanning [base, base+size) (size unknown: no bound). */
function checkMembers(
  members: MemberLayout[],
  kind: 'struct' | 'union',
  base: number,
  size: number | undefined,
  where: string,
): void {
  const extents: Extent[] = [];
  for (const m of members) {
    const name = `${where}: member ${m.name ?? '(anonymous)'}`;
    invariant(Number.isSafeInteger(m.offset) && m.offset >= 0, `${name} at offset ${m.offset}`);
    invariant(m.size === null || (Number.isSafeInteger(m.size) && m.size >= 0), `${name} has size ${m.size}`);
    invariant(Number.isSafeInteger(m.align) && m.align >= 1, `${name} has alignment ${m.align}`);
    invariant(m.offset >= base, `${name} at offset ${m.offset} starts before its parent at ${base}`);
    const e = extentOf(m, name);
    if (size !== undefined) {
      invariant(
        e.end <= (base + size) * 8,
        `${name} (offset ${m.offset}, size ${m.size}${m.bitSize !== undefined ? `, bits ${m.bitOffset}+${m.bitSize}` : ''}) ends past ${base + size} bytes`,
      );
    }
    if (kind === 'union' && m.bitSize === undefined)
      invariant(m.offset === base, `${name} of a union is at ${m.offset}, not at the union's start ${base}`);
    if (m.members) checkMembers(m.members, m.anonymousKind ?? 'struct', m.offset, m.size ?? undefined, where);
    if (e.end > e.start) extents.push(e);
  }
  if (kind === 'struct') {
    extents.sort((a, b) => a.start - b.start);
    for (let i = 1; i < extents.length; i++) {
      const [a, b] = [extents[i - 1], extents[i]];
      invariant(
        b.start >= a.end,
        `${a.name} (bits ${a.start}..${a.end}) overlaps ${b.name.replace(/^.*: /, '')} (bits ${b.start}..${b.end})`,
      );
    }
  }
}

function extentOf(m: MemberLayout, name: string): Extent {
  if (m.bitSize !== undefined) {
    invariant(
      Number.isSafeInteger(m.bitOffset) &&
        (m.bitOffset as number) >= 0 &&
        Number.isSafeInteger(m.bitSize) &&
        m.bitSize >= 0,
      `${name}: bits ${m.bitOffset}+${m.bitSize}`,
    );
    return { start: m.bitOffset as number, end: (m.bitOffset as number) + m.bitSize, name };
  }
  return { start: m.offset * 8, end: (m.offset + (m.size ?? 0)) * 8, name };
}
