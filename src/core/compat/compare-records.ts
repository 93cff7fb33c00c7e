// Compares one struct or union's layout before and after a change, on one ABI:
// members removed, renamed, retyped, moved or inserted; size and alignment;
// and which kernel convention (argsz, a size field, a reserved member taken
// over, a flexible array at the end) makes an addition compatible.

import type { FieldLayout, RecordLayout } from '../layout/types';
import type { CompatChange, Convention } from './types';
import { pushAll } from '../text/push-all';

/** Member names userspace must leave zero by convention (botching-up-ioctls: reserved/pad). */
const RESERVED = /^(__)?(reserved|rsvd|resv|pad|padding|unused|spare)\w*$/i;
/** Members through which userspace tells the kernel how big its copy of the struct is. */
const ARGSZ = /^argsz$/;
const SIZE_FIELD = /^(size|usize|struct_size)$/;
/** A capability in an info chain carries its own version in its header (vfio_info_cap_header). */
const VERSIONED = /^struct \w*cap_header$/;

export function isReservedName(name: string): boolean {
  return RESERVED.test(name);
}

type ByteUse = 'field' | 'reserved' | 'padding';

/** What each byte of a record was: a named member, a reserved member, or padding. */
function byteUse(layout: RecordLayout): ByteUse[] {
  const use: ByteUse[] = new Array<ByteUse>(layout.size).fill('padding');
  for (const f of layout.fields) {
    const kind: ByteUse = isReservedName(f.name) ? 'reserved' : 'field';
    for (let b = f.offset; b < f.offset + (f.size ?? 0) && b < use.length; b++) {
      if (use[b] !== 'field') use[b] = kind;
    }
  }
  return use;
}

function spanFree(use: ByteUse[], f: FieldLayout): 'reserved' | 'padding' | undefined {
  let saw: 'reserved' | 'padding' = 'padding';
  const end = f.offset + (f.size ?? 0);
  if (end > use.length) return undefined;
  for (let b = f.offset; b < end; b++) {
    if (use[b] === 'field') return undefined;
    if (use[b] === 'reserved') saw = 'reserved';
  }
  return saw;
}

function sameShape(a: FieldLayout, b: FieldLayout): boolean {
  // A zero-length array `x[0]` and a flexible array `x[]` take the same (no) bytes.
  const size = (f: FieldLayout): number | null => (f.size === 0 ? null : f.size);
  return (
    a.offset === b.offset && size(a) === size(b) && a.bitOffset === b.bitOffset && a.bitSize === b.bitSize
  );
}

function place(f: FieldLayout): string {
  const bits = f.bitSize !== undefined ? ` bits ${f.bitOffset}:${f.bitSize}` : '';
  return `${f.typeName} @${f.offset}${bits}`;
}

/** The changes of one record between its before and after layouts on one ABI. */
export function compareRecord(before: RecordLayout, after: RecordLayout, subject: string): CompatChange[] {
  const abi = after.abi;
  const out: CompatChange[] = [];
  const add = (c: Omit<CompatChange, 'abi' | 'subject'>): void => void out.push({ abi, subject, ...c });
  const oldByName = new Map(before.fields.map((f) => [f.name, f]));
  const newByName = new Map(after.fields.map((f) => [f.name, f]));
  const use = byteUse(before);
  const gone = before.fields.filter((f) => !newByName.has(f.name));
  const fresh = after.fields.filter((f) => !oldByName.has(f.name));
  const renamedFrom = new Map<FieldLayout, FieldLayout>();
  for (const f of fresh) {
    const twin = gone.find(
      (g) => sameShape(g, f) && g.typeName === f.typeName && ![...renamedFrom.values()].includes(g),
    );
    if (twin) renamedFrom.set(f, twin);
  }
  const moved: string[] = [];
  const atEnd: FieldLayout[] = [];
  let broken = false;

  for (const f of after.fields) {
    const old = oldByName.get(f.name) ?? renamedFrom.get(f);
    if (old && old.name !== f.name) {
      if (isReservedName(old.name))
        add({
          code: 'compat-extension',
          member: f.name,
          what: 'reserved',
          detail: `'${f.name}' replaces '${old.name}' (${place(f)})`,
          convention: 'reserved-field',
          loc: f.loc,
        });
      else {
        broken = true;
        add({
          code: 'compat-member-changed',
          member: f.name,
          what: 'renamed',
          detail: `'${old.name}' renamed to '${f.name}' (${place(f)})`,
          note: 'same bytes, but userspace that names the member no longer builds',
          loc: f.loc,
        });
      }
      continue;
    }
    if (old) {
      if (sameShape(old, f) && old.typeName === f.typeName) continue;
      if (isReservedName(f.name) && spanFree(use, f)) continue; // a reserved area shrinking as members take it over
      if (sameShape(old, f)) {
        add({
          code: 'compat-extension',
          member: f.name,
          what: 'retyped-same',
          detail: `'${f.name}' ${old.typeName} -> ${f.typeName}`,
          convention: 'same-layout',
          loc: f.loc,
        });
      } else if (old.offset !== f.offset && old.size === f.size && old.typeName === f.typeName) {
        broken = true;
        moved.push(`'${f.name}' ${old.offset} -> ${f.offset}`);
      } else {
        broken = true;
        add({
          code: 'compat-member-changed',
          member: f.name,
          what: 'retyped',
          detail: `'${f.name}' ${place(old)} -> ${place(f)}`,
          loc: f.loc,
        });
      }
      continue;
    }
    // A member that is new: in reserved bytes or padding, at the end, or inserted among old members.
    if (after.kind === 'union' && (f.size ?? 0) <= before.size) {
      add({
        code: 'compat-extension',
        member: f.name,
        what: 'union-member',
        detail: `new member '${f.name}' (${place(f)})`,
        convention: 'new-union-member',
        loc: f.loc,
      });
      continue;
    }
    const alias = aliasOf(f, before, after);
    if (alias) {
      add({
        code: 'compat-extension',
        member: f.name,
        what: 'union-member',
        detail: `new member '${f.name}' shares the bytes of '${alias}' in a union (${place(f)})`,
        convention: 'new-union-member',
        loc: f.loc,
      });
      continue;
    }
    const free = f.offset < before.size ? spanFree(use, f) : undefined;
    if (free) {
      const convention: Convention = free === 'reserved' ? 'reserved-field' : 'padding';
      add({
        code: 'compat-extension',
        member: f.name,
        what: convention,
        detail: `new member '${f.name}' in former ${free} (${place(f)})`,
        convention,
        loc: f.loc,
      });
    } else if (f.offset >= before.size || (f.size === null && f.offset >= lastEnd(before))) {
      atEnd.push(f);
    } else {
      broken = true;
      add({
        code: 'compat-member-changed',
        member: f.name,
        what: 'inserted',
        detail: `new member '${f.name}' inserted at ${place(f)}`,
        loc: f.loc,
      });
    }
  }
  for (const g of gone) {
    if ([...renamedFrom.values()].includes(g)) continue;
    if (isReservedName(g.name) && reservedConsumed(g, after)) continue;
    broken = true;
    add({
      code: 'compat-member-changed',
      member: g.name,
      what: 'removed',
      detail: `'${g.name}' (${place(g)}) removed`,
      loc: after.loc,
      beforeLoc: g.loc,
    });
  }
  if (moved.length) {
    const first = after.fields.find((f) => moved[0].startsWith(`'${f.name}'`));
    add({
      code: 'compat-member-changed',
      member: first?.name,
      what: 'moved',
      detail: `moved: ${moved.join(', ')}`,
      loc: first?.loc,
    });
  }
  pushAll(out, sizeChanges(before, after, subject, atEnd, broken));
  return out;
}

/** An unchanged old member whose bytes a new member shares (both in an anonymous union), if any. */
function aliasOf(f: FieldLayout, before: RecordLayout, after: RecordLayout): string | undefined {
  const end = f.offset + (f.size ?? 0);
  const kept = after.fields.filter(
    (g) => g !== f && before.fields.some((o) => o.name === g.name && sameShape(o, g)),
  );
  return kept.find((g) => g.offset <= f.offset && end <= g.offset + (g.size ?? 0) && f.bitSize === undefined)
    ?.name;
}

function lastEnd(layout: RecordLayout): number {
  return layout.fields.reduce((end, f) => Math.max(end, f.offset + (f.size ?? 0)), 0);
}

/** True when a removed reserved member's bytes are all covered by members of the new layout. */
function reservedConsumed(g: FieldLayout, after: RecordLayout): boolean {
  const end = g.offset + (g.size ?? 0);
  for (let b = g.offset; b < end; b++) {
    if (!after.fields.some((f) => b >= f.offset && b < f.offset + (f.size ?? 0))) return false;
  }
  return true;
}

function sizeChanges(
  before: RecordLayout,
  after: RecordLayout,
  subject: string,
  atEnd: FieldLayout[],
  broken: boolean,
): CompatChange[] {
  const abi = after.abi;
  const names = atEnd.map((f) => `'${f.name}'`).join(', ');
  const added = atEnd.length ? `; added at the end: ${names}` : '';
  const align = before.align !== after.align ? `, alignment ${before.align} -> ${after.align}` : '';
  if (before.size === after.size && !align) {
    const flex = atEnd.find((f) => f.size === null);
    if (!flex) return [];
    return [
      {
        code: 'compat-extension',
        abi,
        subject,
        member: flex.name,
        what: 'flexible-array',
        detail: `flexible array '${flex.name}' added at the end`,
        convention: 'flexible-array',
        loc: flex.loc,
      },
    ];
  }
  const size =
    before.size === after.size ? `size ${after.size} unchanged` : `${before.size} -> ${after.size} bytes`;
  const detail =
    before.size === after.size
      ? `alignment ${before.align} -> ${after.align} (${size})`
      : `${size}${align}${added}`;
  const grewAtEnd = after.size > before.size && !broken && atEnd.length > 0;
  const convention = grewAtEnd ? negotiation(after) : undefined;
  if (convention)
    return [{ code: 'compat-extension', abi, subject, what: 'grew', detail, convention, loc: atEnd[0].loc }];
  // Alignment alone (same size, no member moved): nothing userspace passes changes; a struct that
  // embeds this one and shifts is reported on its own.
  if (before.size === after.size && !broken)
    return [
      {
        code: 'compat-extension',
        abi,
        subject,
        what: 'align',
        detail,
        convention: 'same-layout',
        loc: after.loc,
      },
    ];
  const note =
    after.size > before.size && !broken && atEnd.length
      ? 'grew at the end, but no argsz or size member tells the kernel which version userspace has'
      : undefined;
  return [{ code: 'compat-layout-changed', abi, subject, what: 'size', detail, note, loc: after.loc }];
}

/** Which size-negotiation member the record carries, if any. */
function negotiation(layout: RecordLayout): Convention | undefined {
  if (layout.fields.some((f) => ARGSZ.test(f.name))) return 'argsz';
  if (layout.fields.some((f) => SIZE_FIELD.test(f.name))) return 'size-field';
  if (layout.fields.some((f) => VERSIONED.test(f.typeName) || f.name === 'version')) return 'versioned';
  return undefined;
}
