// Per-ABI answers over a TypeEnv: size and alignment of any TypeExpr, enum
// types and enumerator values, constant evaluation with sizeof/_Alignof/
// offsetof, and memoized record shapes. One context per (TypeEnv, ABI).

import type { BuiltinTypeName, EnumDecl, RecordDecl, TypeExpr } from '../lang/ast';
import type { AbiSpec } from '../abi/types';
import type { Expr } from '../lang/ast';
import { evaluate, type EvalEnv } from '../expr/evaluate';
import { sharedShape } from './shared-shapes';
import type { TypeEnv } from './type-env';
import { enumDone, enumRange, newEnumState, type EnumInfo } from './enum-info';
import { alignedAttrs, isPowerOfTwo } from './attributes';
import { layoutShape, layoutShapeSteps, type RecordShape } from './record-layout';
import { CHECKPOINT_EVERY, type Steps } from '../steps';
import { findField } from './find-field';
import { MAX_LAYOUT_DEPTH } from '../limits';

/** What the layout rules need to know about a type on one ABI. Sizes in bytes. */
export interface TypeInfo {
  size: number;
  /** TYPE_ALIGN: the type's alignment as an object. */
  align: number;
  /** The alignment it gets as a struct member without attributes (i386 caps some at 4). */
  fieldAlign: number;
  /** TYPE_USER_ALIGN: an `aligned` attribute fixed it (disables the i386 cap). */
  userAlign: boolean;
  /** An integer, `_Bool` or enum type: allowed as a bitfield's type. */
  integer: boolean;
  /** `T x[]`: no size of its own. */
  flexible: boolean;
}

export type TypeResult = { ok: true; info: TypeInfo } | { ok: false; error: string };
export type IntResult = { ok: true; value: bigint } | { ok: false; error: string };

const MAX_DEPTH = MAX_LAYOUT_DEPTH;

export class LayoutContext {
  private readonly shapes = new Map<RecordDecl, RecordShape>();
  private readonly inProgress = new Set<RecordDecl>();
  private readonly enumInfos = new Map<EnumDecl, EnumInfo>();
  private readonly enumsInProgress = new Set<EnumDecl>();
  private depth = 0;
  readonly evalEnv: EvalEnv;

  constructor(
    readonly env: TypeEnv,
    readonly abi: AbiSpec,
  ) {
    this.evalEnv = {
      mode: 'c',
      longBits: abi.types.long.size === 8 ? 64 : 32,
      charSigned: abi.charSigned,
      identifier: (name) => this.enumeratorValue(name),
      sizeof: (t) => this.sizeOf(t),
      alignof: (t) => this.alignOf(t),
      offsetof: (t, path) => this.offsetOf(t, path),
      intType: (t) => this.intType(t),
    };
  }

  /** Evaluates a constant expression with this ABI's sizes and the known enumerators. */
  evalInt(expr: Expr): IntResult {
    const r = evaluate(expr, this.evalEnv);
    return r.ok ? { ok: true, value: r.value } : r;
  }

  sizeOf(t: TypeExpr): number | undefined {
    const r = this.typeInfo(t);
    return r.ok ? r.info.size : undefined;
  }

  /** C11 `_Alignof` as GCC answers it: the alignment as a member (4 for `long long` on i386). */
  alignOf(t: TypeExpr): number | undefined {
    const r = this.typeInfo(t);
    return r.ok ? r.info.fieldAlign : undefined;
  }

  offsetOf(t: TypeExpr, path: string[]): number | undefined {
    const decl = this.recordDeclOf(t);
    const shape = decl && this.shape(decl);
    return shape ? findField(this, shape.members, path) : undefined;
  }

  /** The memoized layout of a complete record, offsets relative to itself. */
  shape(decl: RecordDecl): RecordShape | undefined {
    const done = this.shapes.get(decl);
    if (done) return done;
    if (this.inProgress.has(decl) || !decl.fields) return undefined;
    this.inProgress.add(decl);
    try {
      const s = sharedShape(decl, layoutShape(this, decl));
      this.shapes.set(decl, s);
      return s;
    } finally {
      this.inProgress.delete(decl);
    }
  }

  /** The same as shape(), pausing in the member loop of a record with thousands of members, and
   *  in those of the records defined in it with thousands (at any depth, laid out first: its own
   *  placement then finds them done; the smaller ones are laid out at once). */
  *shapeSteps(decl: RecordDecl): Steps<RecordShape | undefined> {
    const done = this.shapes.get(decl);
    if (done) return done;
    if (this.inProgress.has(decl) || !decl.fields) return undefined;
    this.inProgress.add(decl);
    try {
      for (const inner of inlineRecords(decl)) {
        if (inlineMemberCount(inner) > CHECKPOINT_EVERY) yield* this.shapeSteps(inner);
      }
      const raw = yield* layoutShapeSteps(this, decl);
      yield;
      const s = sharedShape(decl, raw);
      this.shapes.set(decl, s);
      return s;
    } finally {
      this.inProgress.delete(decl);
    }
  }

  enumInfo(decl: EnumDecl): EnumInfo | undefined {
    const done = this.enumInfos.get(decl);
    if (done) return done;
    if (this.enumsInProgress.has(decl) || !decl.enumerators) return undefined;
    this.enumsInProgress.add(decl);
    try {
      const info = this.computeEnum(decl);
      this.enumInfos.set(decl, info);
      return info;
    } finally {
      this.enumsInProgress.delete(decl);
    }
  }

  enumeratorValue(name: string): bigint | undefined {
    const ref = this.env.enumerator(name);
    if (!ref) return undefined;
    if (this.enumsInProgress.has(ref.decl)) return this.partialValues.get(ref.decl)?.[ref.index];
    return this.enumInfo(ref.decl)?.values[ref.index];
  }

  private readonly partialValues = new Map<EnumDecl, bigint[]>();

  private computeEnum(decl: EnumDecl): EnumInfo {
    const state = newEnumState();
    this.partialValues.set(decl, state.values);
    enumRange(decl, state, 0, decl.enumerators?.length ?? 0, (e) => this.evalInt(e));
    this.partialValues.delete(decl);
    return enumDone(this.abi, decl, state);
  }

  /** enumInfo() pausing every CHECKPOINT_EVERY enumerators (a huge enum, each valued from the one
   *  before). Between two pauses the enum is not in progress: a caller meanwhile (a hover) computes
   *  it at once and the steps then take that answer, so no answer depends on the interleaving. */
  *enumInfoSteps(decl: EnumDecl): Steps<EnumInfo | undefined> {
    const n = decl.enumerators?.length ?? 0;
    if (this.enumInfos.has(decl) || this.enumsInProgress.has(decl) || n <= CHECKPOINT_EVERY)
      return this.enumInfo(decl);
    const state = newEnumState();
    for (let from = 0; from < n; from += CHECKPOINT_EVERY) {
      if (from > 0) yield;
      const done = this.enumInfos.get(decl);
      if (done) return done;
      this.enumsInProgress.add(decl);
      this.partialValues.set(decl, state.values);
      try {
        enumRange(decl, state, from, Math.min(n, from + CHECKPOINT_EVERY), (e) => this.evalInt(e));
      } finally {
        this.enumsInProgress.delete(decl);
        this.partialValues.delete(decl);
      }
    }
    const info = enumDone(this.abi, decl, state);
    this.enumInfos.set(decl, info);
    return info;
  }

  /** Size, alignment and kind of a type on this ABI, or why it has none. */
  typeInfo(t: TypeExpr): TypeResult {
    if (this.depth > MAX_DEPTH) return { ok: false, error: 'type nesting too deep' };
    this.depth++;
    try {
      return this.resolve(t);
    } finally {
      this.depth--;
    }
  }

  private resolve(t: TypeExpr): TypeResult {
    switch (t.kind) {
      case 'builtin':
        return this.builtin(t.name);
      case 'pointer':
        return ok(this.abi.pointer.size, this.abi.pointer.align, this.abi.pointer.align, false, false);
      case 'typedef-ref':
        return this.typedef(t.name);
      case 'record':
        return this.record(t.decl.fields ? t.decl : this.env.record(t.decl.name ?? '', t.decl.kind), t.decl);
      case 'record-ref':
        return this.record(this.env.record(t.name, t.tag), { kind: t.tag, name: t.name });
      case 'enum':
        return this.enumType(t.decl.enumerators ? t.decl : this.env.enumDecl(t.decl.name ?? ''), t.decl.name);
      case 'enum-ref':
        return this.enumType(this.env.enumDecl(t.name), t.name);
      case 'array':
        return this.array(t.of, t.length);
      case 'function':
        return { ok: false, error: 'a function type has no size (a pointer to it does)' };
      case 'unknown':
        return { ok: false, error: `cannot lay out type '${t.text}'` };
    }
  }

  private builtin(name: BuiltinTypeName): TypeResult {
    if (name === 'void') return { ok: false, error: "'void' has no size" };
    if (this.abi.unsupported?.includes(name))
      return { ok: false, error: `'${name}' is not supported on ${this.abi.name}` };
    const sa = this.abi.types[name];
    const field = this.abi.fieldAlign?.[name] ?? sa.align;
    const integer = name !== 'float' && name !== 'double' && name !== 'long double';
    return ok(sa.size, sa.align, field, false, integer);
  }

  private typedef(name: string): TypeResult {
    const td = this.env.typedef(name);
    if (!td) return { ok: false, error: `unknown type name '${name}'` };
    const r = this.typeInfo(td.type);
    if (!r.ok) return r;
    const aligned = alignedAttrs(td.attributes);
    if (aligned.length === 0) return r;
    let align = 0;
    for (const a of aligned) {
      const n = a.kind === 'bare' ? this.abi.biggestAlignment : this.attrValue(a.expr);
      if (n === undefined)
        return {
          ok: false,
          error: `bad aligned attribute on typedef '${name}': ${a.kind === 'value' ? this.attrError(a.expr) : ''}`,
        };
      align = Math.max(align, n);
    }
    return { ok: true, info: { ...r.info, align, fieldAlign: align, userAlign: true } };
  }

  /** The value of an `aligned(N)` argument, or undefined when it is not a power of two. */
  attrValue(expr: Expr): number | undefined {
    const r = this.evalInt(expr);
    if (!r.ok || r.value <= 0n || r.value > 1n << 28n) return undefined;
    const n = Number(r.value);
    return isPowerOfTwo(n) ? n : undefined;
  }

  /** Why an `aligned(N)` argument is refused, in gcc's words (its maximum is 2^28). */
  attrError(expr: Expr): string {
    const r = this.evalInt(expr);
    if (!r.ok) return `requested alignment is not an integer constant (${r.error})`;
    if (r.value <= 0n) return `requested alignment ${r.value} is not a positive power of two`;
    if (r.value > 1n << 28n) return `requested alignment ${r.value} exceeds maximum ${1 << 28}`;
    return `requested alignment ${r.value} is not a positive power of two`;
  }

  private record(decl: RecordDecl | undefined, what: { kind: string; name?: string }): TypeResult {
    const label = `${what.kind} ${what.name ?? '<anonymous>'}`;
    if (!decl || !decl.fields) return { ok: false, error: `incomplete type '${label}'` };
    if (this.inProgress.has(decl)) return { ok: false, error: `'${label}' contains itself` };
    const s = this.shape(decl);
    if (!s) return { ok: false, error: `incomplete type '${label}'` };
    if (s.incomplete) return { ok: false, error: `'${label}' could not be laid out` };
    return ok(s.size, s.align, s.align, s.userAlign, false);
  }

  private enumType(decl: EnumDecl | undefined, name: string | undefined): TypeResult {
    if (!decl) return { ok: false, error: `incomplete type 'enum ${name ?? '<anonymous>'}'` };
    const info = this.enumInfo(decl);
    if (!info) return { ok: false, error: `enum '${name ?? '<anonymous>'}' depends on itself` };
    if (info.overflow)
      return {
        ok: false,
        error: `enum '${name ?? '<anonymous>'}': ${info.overflow.message} (gcc rejects the enum)`,
      };
    const base = this.builtin(info.underlying);
    return base.ok ? { ok: true, info: { ...base.info, integer: true } } : base;
  }

  private array(of: TypeExpr, length: Expr | null): TypeResult {
    const el = this.typeInfo(of);
    if (!el.ok) return el;
    if (el.info.flexible) return { ok: false, error: 'array of flexible arrays' };
    if (el.info.size % el.info.align !== 0)
      return { ok: false, error: 'alignment of array elements is greater than element size' };
    if (length === null) return { ok: true, info: { ...el.info, size: 0, flexible: true, integer: false } };
    const n = this.evalInt(length);
    if (!n.ok) return { ok: false, error: `array length: ${n.error}` };
    if (n.value < 0n) return { ok: false, error: `array length is negative (${n.value})` };
    const size = el.info.size * Number(n.value);
    if (!Number.isSafeInteger(size) || size > 2 ** 40) return { ok: false, error: 'array is too large' };
    return { ok: true, info: { ...el.info, size, integer: false } };
  }

  private intType(t: TypeExpr): { bits: number; unsigned: boolean } | undefined {
    for (let depth = 0; depth < 32; depth++) {
      if (t.kind === 'typedef-ref') {
        const td = this.env.typedef(t.name);
        if (!td) return undefined;
        t = td.type;
        continue;
      }
      if (t.kind === 'builtin' && t.name !== 'void') {
        const sa = this.abi.types[t.name];
        const unsigned =
          t.name.startsWith('unsigned') || t.name === '_Bool' || (t.name === 'char' && !this.abi.charSigned);
        return { bits: sa.size * 8, unsigned };
      }
      if (t.kind === 'enum' || t.kind === 'enum-ref') {
        const decl =
          t.kind === 'enum' && t.decl.enumerators
            ? t.decl
            : this.env.enumDecl(t.kind === 'enum' ? (t.decl.name ?? '') : t.name);
        const info = decl && this.enumInfo(decl);
        const size = info && info.underlying !== 'void' ? this.abi.types[info.underlying].size : undefined;
        return info && size ? { bits: size * 8, unsigned: info.unsigned } : undefined;
      }
      if (t.kind === 'pointer') return { bits: this.abi.pointer.size * 8, unsigned: true };
      return undefined;
    }
    return undefined;
  }

  /** The shape of the record a type names (through typedefs), if complete. */
  recordShapeOf(t: TypeExpr): RecordShape | undefined {
    const decl = this.recordDeclOf(t);
    return decl ? this.shape(decl) : undefined;
  }

  private recordDeclOf(t: TypeExpr): RecordDecl | undefined {
    for (let depth = 0; depth < 32; depth++) {
      if (t.kind === 'record')
        return t.decl.fields ? t.decl : this.env.record(t.decl.name ?? '', t.decl.kind);
      if (t.kind === 'record-ref') return this.env.record(t.name, t.tag);
      if (t.kind !== 'typedef-ref') return undefined;
      const td = this.env.typedef(t.name);
      if (!td) return undefined;
      t = td.type;
    }
    return undefined;
  }
}

function ok(
  size: number,
  align: number,
  fieldAlign: number,
  userAlign: boolean,
  integer: boolean,
): TypeResult {
  return { ok: true, info: { size, align, fieldAlign, userAlign, integer, flexible: false } };
}

/** The records defined in a record's members (`struct { ... } x[2];`, an anonymous union). */
function inlineRecords(decl: RecordDecl): RecordDecl[] {
  const out: RecordDecl[] = [];
  for (const f of decl.fields ?? []) {
    let t = f.type;
    while (t.kind === 'array') t = t.of;
    if (t.kind === 'record' && t.decl.fields) out.push(t.decl);
  }
  return out;
}

const memberCounts = new WeakMap<RecordDecl, number>();

/** Members a record's layout places: its own and those of the records defined in them, at any depth. */
export function inlineMemberCount(decl: RecordDecl): number {
  let n = memberCounts.get(decl);
  if (n === undefined) {
    n = decl.fields?.length ?? 0;
    for (const inner of inlineRecords(decl)) n += inlineMemberCount(inner);
    memberCounts.set(decl, n);
  }
  return n;
}
