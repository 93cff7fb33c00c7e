// The records the layout rules look at: structs and unions with a body defined
// in the checked UAPI files, with their layout on every ABI of the context and
// their declaration (doc comment, member attributes) from the reference model.

import { resolve } from 'node:path';
import type { FieldDecl, RecordDecl } from '../lang/ast';
import type { MemberLayout, RecordLayout } from '../layout/types';
import type { CheckContext } from './context';
import { uapiFiles } from './scope';
import { pushAll } from '../text/push-all';
import { exactArray } from '../text/compact';
import { runSync, type Steps } from '../steps';

export interface AbiLayout {
  abi: string;
  layout: RecordLayout;
}

export interface CheckedRecord {
  name: string;
  /** `struct foo` / `union foo`, or the typedef name of an anonymous record. */
  display: string;
  file: string;
  decl?: RecordDecl;
  /** The reference ABI's layout first, then every other ABI that has the record. */
  layouts: AbiLayout[];
}

const memo = new WeakMap<CheckContext, CheckedRecord[]>();

/** Records defined in the context's in-scope files, in source order (memoized per context). */
export function checkedRecords(ctx: CheckContext): CheckedRecord[] {
  let out = memo.get(ctx);
  if (out) return out;
  out = collect(ctx);
  memo.set(ctx, out);
  return out;
}

/** The same as resumable steps, memoized alike (runCheckSteps fills the memo this way first: a
 *  header of 16,000 structs took ~30 ms to collect in one go). */
export function* checkedRecordSteps(ctx: CheckContext): Steps<CheckedRecord[]> {
  let out = memo.get(ctx);
  if (out) return out;
  out = yield* collectSteps(ctx);
  memo.set(ctx, out);
  return out;
}

/** Records between two checkpoints of a per-record pass: one record's findings (messages, a pad
 *  fix) cost up to tens of microseconds, so 64 of them stay well under a slice. */
export const RECORDS_PER_STEP = 64;

/** Runs `each` on every checked record, in order, pausing every RECORDS_PER_STEP records: the
 *  per-record checks are steps this way (a patch creating a 1 MB one-line header has 16,000
 *  structs: uapi-implicit-hole's pass over them held the server ~170 ms, trailing padding ~110). */
export function* eachRecordSteps(ctx: CheckContext, each: (rec: CheckedRecord) => void): Steps<void> {
  const records = yield* checkedRecordSteps(ctx);
  for (let i = 0; i < records.length; i++) {
    if (i > 0 && i % RECORDS_PER_STEP === 0) yield;
    each(records[i]);
  }
}

function collect(ctx: CheckContext): CheckedRecord[] {
  return runSync(collectSteps(ctx));
}

function* collectSteps(ctx: CheckContext): Steps<CheckedRecord[]> {
  const [ref, ...others] = ctx.models;
  if (!ref) return [];
  const files = uapiFiles(ctx);
  const out: CheckedRecord[] = [];
  let tick = 0;
  for (const layout of ref.mainRecords()) {
    if ((++tick & 255) === 0) yield;
    const file = resolve(layout.loc.file);
    if (!files.has(file)) continue;
    const decl = ref.typeEnv.findRecord(layout.name);
    const layouts: AbiLayout[] = [{ abi: ref.abi.name, layout }];
    for (const m of others) {
      const other = m.record(layout.name);
      if (other) layouts.push({ abi: m.abi.name, layout: other });
    }
    const display = decl?.name ? `${layout.kind} ${layout.name}` : layout.name;
    // Held through every check (memo): the list at its length, not the capacity push grew it to.
    out.push({ name: layout.name, display, file, decl, layouts: exactArray(layouts) });
  }
  return out;
}

/** Every field declaration of a record, anonymous members' fields included, in order. */
export function allFieldDecls(decl: RecordDecl | undefined): FieldDecl[] {
  const out: FieldDecl[] = [];
  const walk = (d: RecordDecl, depth: number): void => {
    for (const f of d.fields ?? []) {
      out.push(f);
      if (!f.name && f.type.kind === 'record' && depth < 16) walk(f.type.decl, depth + 1);
    }
  };
  if (decl) walk(decl, 0);
  return out;
}

/** Members of a layout with anonymous members flattened in place (the anonymous member itself kept too). */
export function allMembers(members: readonly MemberLayout[]): MemberLayout[] {
  const out: MemberLayout[] = [];
  for (const m of members) {
    out.push(m);
    if (m.members) pushAll(out, allMembers(m.members));
  }
  return out;
}

/** Joins ABI names for messages: `x86_64, s390x and aarch64`. */
export function abiList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
