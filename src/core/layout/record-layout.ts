// GCC's record layout (stor-layout.c place_field / layout_decl) for the
// System V style targets we model: natural and ABI field alignment, packed
// and aligned attributes, PCC bitfield rules, unions, flexible arrays.

import type { FieldDecl, RecordDecl } from '../lang/ast';
import type { Diagnostic } from '../diag/diagnostic';
import { DiagCode } from '../diag/codes';
import type { MemberLayout } from './types';
import type { LayoutContext, TypeInfo } from './layout-context';
import { alignedAttrs, hasPacked } from './attributes';
import { typeName, exprText } from './type-name';
import { CHECKPOINT_EVERY, type Steps } from '../steps';
import { exactArray } from '../text/compact';

/** A record laid out relative to its own start (nested anonymous members included, shifted in place). */
export interface RecordShape {
  kind: 'struct' | 'union';
  size: number;
  align: number;
  userAlign: boolean;
  packed: boolean;
  members: MemberLayout[];
  diagnostics: Diagnostic[];
  incomplete: boolean;
}

/** Running state of one record's layout; positions in bits as GCC keeps them. */
interface State {
  ctx: LayoutContext;
  decl: RecordDecl;
  packed: boolean;
  /** `#pragma pack(N)` in effect: fields align to at most N bytes (0: none). */
  maxAlign: number;
  union: boolean;
  bitpos: number;
  maxBits: number;
  align: number;
  userAlign: boolean;
  members: MemberLayout[];
  diagnostics: Diagnostic[];
}

class FieldError extends Error {}

export function layoutShape(ctx: LayoutContext, decl: RecordDecl): RecordShape {
  const st = startShape(ctx, decl);
  return finishShape(st, !placeFields(st, decl.fields ?? [], 0, Infinity));
}

/** The same, pausing every CHECKPOINT_EVERY members (a struct of 60,000 members placed in one go
 *  took ~100 ms): the sliced build lays out a huge top-level record with it (LayoutContext.shapeSteps). */
export function* layoutShapeSteps(ctx: LayoutContext, decl: RecordDecl): Steps<RecordShape> {
  const st = startShape(ctx, decl);
  const fields = decl.fields ?? [];
  for (let from = 0; from < fields.length; from += CHECKPOINT_EVERY) {
    if (from > 0) yield;
    if (!placeFields(st, fields, from, from + CHECKPOINT_EVERY)) return finishShape(st, true);
  }
  return finishShape(st, false);
}

function startShape(ctx: LayoutContext, decl: RecordDecl): State {
  const st: State = {
    ctx,
    decl,
    packed: hasPacked(decl.attributes),
    maxAlign: ctx.env.maxFieldAlign(decl),
    union: decl.kind === 'union',
    bitpos: 0,
    maxBits: 0,
    align: 1,
    userAlign: false,
    members: [],
    diagnostics: [],
  };
  for (const a of alignedAttrs(decl.attributes)) {
    const n = a.kind === 'bare' ? ctx.abi.biggestAlignment : ctx.attrValue(a.expr);
    if (n === undefined)
      report(
        st,
        decl.loc,
        `${label(decl)}: ${a.kind === 'value' ? ctx.attrError(a.expr) : 'bad aligned attribute'}`,
      );
    else {
      st.align = Math.max(st.align, n);
      st.userAlign = true;
    }
  }
  return st;
}

/** Places fields[from..to); false when a field cannot be laid out (the record is incomplete from it on). */
function placeFields(st: State, fields: readonly FieldDecl[], from: number, to: number): boolean {
  const end = Math.min(to, fields.length);
  for (let i = from; i < end; i++) {
    try {
      placeField(st, fields[i]);
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      return false;
    }
  }
  return true;
}

function finishShape(st: State, incomplete: boolean): RecordShape {
  const bits = st.union ? st.maxBits : st.bitpos;
  const size = roundUp(Math.ceil(bits / 8), st.align);
  return {
    kind: st.decl.kind,
    size,
    align: st.align,
    userAlign: st.userAlign,
    packed: st.packed,
    // Shapes live as long as the run (shared across ABIs): their member list at its length.
    members: exactArray(st.members),
    diagnostics: st.diagnostics,
    incomplete,
  };
}

function placeField(st: State, f: FieldDecl): void {
  if (isTaggedNonMember(f)) return;
  const r = st.ctx.typeInfo(f.type);
  if (!r.ok) fail(st, f, r.error);
  const info = r.info;
  const packed = st.packed || hasPacked(f.attributes);
  const aligned = memberAligned(st, f);
  if (f.bitWidth !== undefined) placeBitfield(st, f, info, packed, aligned);
  else placeOrdinary(st, f, info, packed, aligned);
}

/** `struct tag { ... };` inside a record declares a tag, not a member (C11 6.7.2.1). */
function isTaggedNonMember(f: FieldDecl): boolean {
  return !f.name && f.bitWidth === undefined && f.type.kind === 'record' && f.type.decl.name !== undefined;
}

function placeOrdinary(
  st: State,
  f: FieldDecl,
  info: TypeInfo,
  packed: boolean,
  requested: number | undefined,
): void {
  if (!f.name && f.type.kind !== 'record')
    fail(st, f, 'a member without a name must be an anonymous struct or union');
  // GCC ignores an `aligned` below the type's own alignment on an unpacked member
  // (so i386 still caps `__u64 x __attribute__((aligned(4)))` at 4).
  const aligned = requested !== undefined && !packed && requested < info.align ? undefined : requested;
  let align: number;
  if (packed && aligned !== undefined) align = aligned;
  else {
    const declUserAlign = aligned !== undefined || info.userAlign;
    align = Math.max(aligned ?? 0, info.align);
    if (packed) align = 1;
    else if (!declUserAlign) align = info.fieldAlign;
  }
  if (st.maxAlign) align = Math.min(align, st.maxAlign);
  st.align = Math.max(st.align, align);
  st.userAlign ||= aligned !== undefined || info.userAlign;
  let offset = 0;
  if (!st.union) {
    st.bitpos = roundUp(st.bitpos, align * 8);
    offset = st.bitpos / 8;
    st.bitpos += info.size * 8;
  } else st.maxBits = Math.max(st.maxBits, info.size * 8);
  st.members.push(member(st, f, info, offset, align));
}

function placeBitfield(
  st: State,
  f: FieldDecl,
  info: TypeInfo,
  packed: boolean,
  aligned: number | undefined,
): void {
  if (!info.integer) fail(st, f, `bit-field '${f.name ?? '<unnamed>'}' has a non-integer type`);
  const width = bitWidth(st, f, info);
  const typeAlign = info.userAlign ? info.align : info.fieldAlign;
  // Under #pragma pack, GCC skips the unit-span rule and caps the type's alignment.
  const packedAlign = st.maxAlign ? Math.min(typeAlign, st.maxAlign) : packed ? 1 : typeAlign;
  const start = st.union ? 0 : st.bitpos;
  let pos = start;
  if (width === 0) {
    const desired = Math.max(typeAlign, aligned ?? 0);
    pos = roundUp(pos, desired * 8);
    if (st.ctx.abi.bitfields.zeroWidthAffectsAlignment) st.align = Math.max(st.align, desired);
  } else {
    const desired = st.maxAlign && aligned ? Math.min(aligned, st.maxAlign) : aligned;
    if (desired !== undefined) pos = roundUp(pos, desired * 8);
    const spanRule = !packed && !st.maxAlign;
    if (spanRule && excessUnitSpan(pos, width, typeAlign * 8, info.size * 8))
      pos = roundUp(pos, typeAlign * 8);
    if (f.name !== undefined || st.ctx.abi.bitfields.unnamedAffectsAlignment) {
      st.align = Math.max(st.align, desired ?? 1, packedAlign);
      st.userAlign ||= info.userAlign;
    }
  }
  st.userAlign ||= aligned !== undefined;
  if (st.union) st.maxBits = Math.max(st.maxBits, width);
  else st.bitpos = pos + width;
  if (width === 0) return;
  const unit = unitStart(pos, width, info.size, typeAlign);
  const m = member(st, f, info, unit / 8, typeAlign);
  m.bitOffset = pos;
  m.bitSize = width;
  st.members.push(m);
}

/** GCC's excess_unit_span: would the field cover more `align`-sized units than its type has? */
function excessUnitSpan(pos: number, width: number, alignBits: number, typeBits: number): boolean {
  if (alignBits <= 0) return false;
  const off = pos % alignBits;
  return Math.floor((off + width + alignBits - 1) / alignBits) > Math.floor(typeBits / alignBits);
}

/**
 * Start (in bits) of the storage unit a bitfield is shown in: the type-sized unit
 * starting at the member alignment boundary at or before the field's first bit (on
 * i386 a `__u64` bitfield's unit is 4-aligned, like the type), or its byte when the
 * field is packed across such a unit. docs/cli.md documents this as the JSON offset.
 */
function unitStart(pos: number, width: number, typeSize: number, typeAlign: number): number {
  const unitBits = Math.max(8, typeSize * 8);
  const alignBits = Math.max(8, typeAlign * 8);
  const start = Math.floor(pos / alignBits) * alignBits;
  return pos + width <= start + unitBits ? start : Math.floor(pos / 8) * 8;
}

function bitWidth(st: State, f: FieldDecl, info: TypeInfo): number {
  const r = st.ctx.evalInt(f.bitWidth!);
  const name = f.name ?? '<unnamed>';
  if (!r.ok) fail(st, f, `bit-field '${name}' width: ${r.error}`);
  if (r.value < 0n) fail(st, f, `negative width in bit-field '${name}'`);
  if (r.value > BigInt(info.size * 8)) fail(st, f, `width of '${name}' exceeds its type`);
  if (r.value === 0n && f.name !== undefined) fail(st, f, `zero width for bit-field '${name}'`);
  return Number(r.value);
}

function memberAligned(st: State, f: FieldDecl): number | undefined {
  let out: number | undefined;
  for (const a of alignedAttrs(f.attributes)) {
    const n = a.kind === 'bare' ? st.ctx.abi.biggestAlignment : st.ctx.attrValue(a.expr);
    if (n === undefined)
      fail(
        st,
        f,
        a.kind === 'value' ? `'${exprText(a.expr)}': ${st.ctx.attrError(a.expr)}` : 'bad aligned attribute',
      );
    out = Math.max(out ?? 0, n);
  }
  return out;
}

function member(st: State, f: FieldDecl, info: TypeInfo, offset: number, align: number): MemberLayout {
  const len = (e: Parameters<typeof exprText>[0]) => {
    const r = st.ctx.evalInt(e);
    return r.ok ? String(r.value) : exprText(e);
  };
  const tn = typeName(f.type, len);
  const size = info.flexible ? null : info.size;
  // A named member gets its name in the literal (the same key order as before): a property added
  // afterwards went to a separate property store, ~38 bytes more on each of the tens of thousands
  // of members a run holds.
  const m: MemberLayout =
    f.name !== undefined
      ? { typeName: tn, offset, size, align, loc: f.loc, type: f.type, name: f.name }
      : { typeName: tn, offset, size, align, loc: f.loc, type: f.type };
  if (!f.name && f.type.kind === 'record' && f.bitWidth === undefined) {
    const inner = st.ctx.shape(f.type.decl);
    m.anonymousKind = f.type.decl.kind;
    m.members = (inner?.members ?? []).map((x) => shifted(x, offset));
    for (const d of inner?.diagnostics ?? []) st.diagnostics.push(d);
  }
  return m;
}

/** A copy of a member moved by `delta` bytes, nested members included. */
export function shifted(m: MemberLayout, delta: number): MemberLayout {
  const out: MemberLayout = { ...m, offset: m.offset + delta };
  if (m.bitOffset !== undefined) out.bitOffset = m.bitOffset + delta * 8;
  if (m.members) out.members = m.members.map((x) => shifted(x, delta));
  return out;
}

function fail(st: State, f: FieldDecl, why: string): never {
  report(st, f.loc, `${label(st.decl)}: member '${f.name ?? '<anonymous>'}': ${why}`);
  throw new FieldError(why);
}

function report(st: State, loc: FieldDecl['loc'], message: string): void {
  st.diagnostics.push({
    code: DiagCode.layoutError,
    severity: 'warning',
    file: loc.file,
    range: loc.range,
    message,
  });
}

function label(decl: RecordDecl): string {
  return `${decl.kind} ${decl.name ?? '<anonymous>'}`;
}

function roundUp(n: number, to: number): number {
  return to <= 1 ? n : Math.ceil(n / to) * to;
}
