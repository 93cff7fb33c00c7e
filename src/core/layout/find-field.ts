// Resolves an offsetof member designator (`a.b`, `arr[3]`, `anon_member`)
// against laid-out members, looking through anonymous structs and unions
// the way C name lookup does.

import type { MemberLayout } from './types';
import type { LayoutContext } from './layout-context';

/** Byte offset of the designated member relative to the members' record, or undefined. */
export function findField(ctx: LayoutContext, members: MemberLayout[], path: string[]): number | undefined {
  const parts = path.flatMap((p) => p.split('.')).filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  let list: MemberLayout[] | undefined = members;
  let base = 0;
  let offset: number | undefined;
  for (const part of parts) {
    const m = /^(\w+)((?:\[\d+\])*)$/.exec(part.replace(/\s+/g, ''));
    if (!m || !list) return undefined;
    const member = lookup(list, m[1]);
    if (!member || member.bitSize !== undefined) return undefined;
    offset = base + member.offset;
    const indexes = [...m[2].matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]));
    if (indexes.length) {
      const el = elementSize(ctx, member, indexes.length);
      if (el === undefined) return undefined;
      offset += indexes.reduce((acc, i, k) => acc + i * el[k], 0);
    }
    base = offset;
    list = innerMembers(ctx, member, indexes.length);
  }
  return offset;
}

function lookup(list: MemberLayout[], name: string): MemberLayout | undefined {
  for (const m of list) {
    if (m.name === name) return m;
    if (m.name === undefined && m.members) {
      const inner = lookup(m.members, name);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Members of the record a named member (or its indexed element) is, relative to that record. */
function innerMembers(ctx: LayoutContext, member: MemberLayout, indexed: number): MemberLayout[] | undefined {
  let t = member.type;
  for (let i = 0; i < indexed && t?.kind === 'array'; i++) t = t.of;
  return t ? ctx.recordShapeOf(t)?.members : undefined;
}

/** Strides of the first n array dimensions of a member. */
function elementSize(ctx: LayoutContext, member: MemberLayout, n: number): number[] | undefined {
  let t = member.type;
  const strides: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!t || t.kind !== 'array') return undefined;
    t = t.of;
    const size = ctx.sizeOf(t);
    if (size === undefined) return undefined;
    strides.push(size);
  }
  return strides;
}
