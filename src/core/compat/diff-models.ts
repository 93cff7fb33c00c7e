// Compares the before and after header models of the same main files on one
// ABI: every record, #define number (ioctl numbers decoded into their _IOC
// fields), enumerator and typedef the main files define. The ABI-independent
// merge and the check codes live in compat-changes.ts.

import { resolve } from 'node:path';
import { layoutContext, typeName } from '../layout/index';
import type { RecordLayout } from '../layout/types';
import type { HeaderModel } from '../model/header-model';
import type { EnumDecl, TypedefDecl } from '../lang/ast';
import type { SourceLocation } from '../text/position';
import { compareRecord } from './compare-records';
import type { CompatChange } from './types';
import { pushAll } from '../text/push-all';

export interface ModelPair {
  before: HeaderModel;
  after: HeaderModel;
  /** Only report things defined in these after-files (absolute); all main files by default. */
  files?: ReadonlySet<string>;
}

/** Every change between the two models (same ABI), in the after file's order where it has one. */
export function diffModels(pair: ModelPair): CompatChange[] {
  const { before, after } = pair;
  const inAfter = (loc: SourceLocation): boolean =>
    pair.files ? pair.files.has(resolve(loc.file)) : after.mainFiles.includes(resolve(loc.file));
  return [
    ...diffRecords(before, after, inAfter),
    ...diffDefines(before, after, inAfter),
    ...diffEnumerators(before, after, inAfter),
    ...diffTypedefs(before, after, inAfter),
  ];
}

function display(r: RecordLayout, model: HeaderModel): string {
  return model.typeEnv.findRecord(r.name)?.name ? `${r.kind} ${r.name}` : r.name;
}

function diffRecords(
  before: HeaderModel,
  after: HeaderModel,
  inAfter: (l: SourceLocation) => boolean,
): CompatChange[] {
  const out: CompatChange[] = [];
  const afterByName = new Map(after.mainRecords().map((r) => [`${r.kind} ${r.name}`, r]));
  for (const old of before.mainRecords()) {
    const now = afterByName.get(`${old.kind} ${old.name}`);
    const subject = display(old, before);
    if (!now) {
      // Moved to a header the file includes (linux/kvm.h -> asm/kvm.h in 6.9): still there for userspace.
      const moved = after.record(`${old.kind} ${old.name}`);
      if (moved && !old.incomplete && !moved.incomplete) {
        const where = `now defined in ${moved.loc.file}`;
        pushAll(
          out,
          compareRecord(old, moved, subject).map((c) => ({
            ...c,
            loc: undefined,
            beforeLoc: old.loc,
            note: c.note ? `${c.note}; ${where}` : where,
          })),
        );
        continue;
      }
      out.push({
        code: 'compat-removed',
        abi: after.abi.name,
        subject,
        what: 'record',
        detail: `${subject} removed`,
        beforeLoc: old.loc,
      });
      continue;
    }
    if (!inAfter(now.loc) || old.incomplete || now.incomplete) continue;
    pushAll(out, compareRecord(old, now, subject));
  }
  return out;
}

function diffDefines(
  before: HeaderModel,
  after: HeaderModel,
  inAfter: (l: SourceLocation) => boolean,
): CompatChange[] {
  const out: CompatChange[] = [];
  const abi = after.abi.name;
  const mainBefore = new Set(before.mainFiles);
  for (const name of before.defines.names()) {
    const old = before.defines.get(name);
    if (!old || !mainBefore.has(resolve(old.record.nameLoc.file))) continue;
    const now = after.defines.get(name);
    if (!now) {
      // A #define that moved to an included header is still defined for userspace.
      if (old.value !== undefined && !after.unit.macros.has(name))
        out.push({
          code: 'compat-removed',
          abi,
          subject: name,
          what: 'define',
          detail: `#define ${name} (${old.value}) removed`,
          beforeLoc: old.record.nameLoc,
        });
      continue;
    }
    if (
      !inAfter(now.record.nameLoc) ||
      old.value === undefined ||
      now.value === undefined ||
      old.value === now.value
    )
      continue;
    const loc = now.record.nameLoc;
    const o = old.ioctl?.fields;
    const n = now.ioctl?.fields;
    if (o && n && o.size !== n.size && o.nr === n.nr && o.type === n.type && o.dir === n.dir) {
      const type = now.ioctl?.argType ?? 'its argument';
      const note = `the ioctl number changed because sizeof(${type}) changed: old binaries send the old number`;
      out.push({
        code: 'compat-number-changed',
        abi,
        subject: name,
        what: 'ioctl-size',
        detail: `_IOC size ${o.size} -> ${n.size} (0x${old.value.toString(16)} -> 0x${now.value.toString(16)})`,
        note,
        loc,
      });
    } else {
      const hex = (v: bigint): string =>
        v < 0n ? String(v) : `${v}${v > 9n ? ` (0x${v.toString(16)})` : ''}`;
      out.push({
        code: 'compat-number-changed',
        abi,
        subject: name,
        what: 'value',
        detail: `${hex(old.value)} -> ${hex(now.value)}`,
        loc,
      });
    }
  }
  return out;
}

interface EnumValue {
  value: bigint;
  loc: SourceLocation;
  /** `enum foo`, or `enum {FIRST...}` for an anonymous enum (its first enumerator is stable). */
  owner: string;
  /** The enum's last enumerator. */
  last: boolean;
}

/** A count or limit enumerator (`IORING_REGISTER_LAST`, `__BPF_FUNC_MAX_ID`): it grows with its enum by design. */
const SENTINEL = /(_LAST|_MAX|_NR|_COUNT|_NUM|_MAX_ID)$|^__\w*MAX/;

function enumerators(model: HeaderModel): Map<string, EnumValue> {
  const out = new Map<string, EnumValue>();
  const ctx = layoutContext(model.typeEnv, model.abi);
  const main = new Set(model.mainFiles);
  const visit = (decl: EnumDecl): void => {
    if (!decl.enumerators || !main.has(resolve(decl.loc.file))) return;
    const info = ctx.enumInfo(decl);
    const owner = decl.name ? `enum ${decl.name}` : `enum {${decl.enumerators[0]?.name ?? ''}...}`;
    decl.enumerators.forEach((e, i) => {
      const v = info?.values[i];
      const last = i === (decl.enumerators?.length ?? 0) - 1;
      if (v !== undefined) out.set(e.name, { value: v, loc: e.loc, owner, last });
    });
  };
  for (const d of model.ast.decls) {
    if (d.kind === 'enum') visit(d.decl);
    else if (d.kind === 'typedef' && d.decl.type.kind === 'enum') visit(d.decl.type.decl);
    else if (d.kind === 'other' && d.type.kind === 'enum') visit(d.type.decl);
  }
  return out;
}

function diffEnumerators(
  before: HeaderModel,
  after: HeaderModel,
  inAfter: (l: SourceLocation) => boolean,
): CompatChange[] {
  const out: CompatChange[] = [];
  const abi = after.abi.name;
  const now = enumerators(after);
  const was = enumerators(before);
  const owners = new Set([...was.values()].map((e) => e.owner));
  const renumbered = new Set<string>();
  for (const [name, old] of was) {
    const cur = now.get(name);
    const owner = old.owner;
    if (!cur && after.defines.get(name)?.value === old.value) continue; // became a #define of the same value
    if (!cur && movedEnumerator(after, name) === old.value) continue; // moved to an included header
    if (!cur) {
      const detail = `enumerator ${name} (${old.value}) removed`;
      out.push({
        code: 'compat-removed',
        abi,
        subject: name,
        owner,
        what: 'enumerator',
        detail,
        beforeLoc: old.loc,
      });
    } else if (cur.value !== old.value && inAfter(cur.loc)) {
      const detail = `${old.value} -> ${cur.value}`;
      if (old.last && cur.last && SENTINEL.test(name)) {
        const convention = 'sentinel';
        out.push({
          code: 'compat-extension',
          abi,
          subject: name,
          owner,
          what: 'sentinel',
          detail,
          convention,
          loc: cur.loc,
        });
        continue;
      }
      renumbered.add(owner);
      out.push({
        code: 'compat-number-changed',
        abi,
        subject: name,
        owner,
        what: 'enumerator',
        detail,
        loc: cur.loc,
      });
    }
  }
  // A new enumerator in an enum that existed: compatible when no old value moved (reported above if one did).
  for (const [name, cur] of now) {
    if (was.has(name) || !owners.has(cur.owner) || renumbered.has(cur.owner) || !inAfter(cur.loc)) continue;
    const detail = `new enumerator ${name} = ${cur.value} in ${cur.owner}`;
    out.push({
      code: 'compat-extension',
      abi,
      subject: name,
      owner: cur.owner,
      what: 'new-enumerator',
      detail,
      convention: 'new-number',
      loc: cur.loc,
    });
  }
  return out;
}

/** The value of an enumerator defined anywhere in the after unit (an included header), if any. */
function movedEnumerator(model: HeaderModel, name: string): bigint | undefined {
  const ref = model.typeEnv.enumerator(name);
  return ref ? layoutContext(model.typeEnv, model.abi).enumInfo(ref.decl)?.values[ref.index] : undefined;
}

function typedefs(model: HeaderModel): Map<string, TypedefDecl> {
  const main = new Set(model.mainFiles);
  const out = new Map<string, TypedefDecl>();
  for (const d of model.ast.decls) {
    if (d.kind !== 'typedef' || !main.has(resolve(d.decl.loc.file))) continue;
    // Records and enums named by a typedef are compared as records and enumerators.
    if (d.decl.type.kind === 'record' || d.decl.type.kind === 'enum') continue;
    out.set(d.decl.name, d.decl);
  }
  return out;
}

function diffTypedefs(
  before: HeaderModel,
  after: HeaderModel,
  inAfter: (l: SourceLocation) => boolean,
): CompatChange[] {
  const out: CompatChange[] = [];
  const abi = after.abi.name;
  const bctx = layoutContext(before.typeEnv, before.abi);
  const actx = layoutContext(after.typeEnv, after.abi);
  const now = typedefs(after);
  for (const [name, old] of typedefs(before)) {
    // A typedef that moved to an included header is compared where it now is, and reported only if in the checked files.
    const cur = now.get(name) ?? after.typeEnv.typedef(name);
    const subject = `typedef ${name}`;
    if (!cur) {
      out.push({
        code: 'compat-removed',
        abi,
        subject,
        what: 'typedef',
        detail: `${subject} removed`,
        beforeLoc: old.loc,
      });
      continue;
    }
    if (!inAfter(cur.loc)) continue;
    const was = typeName(old.type);
    const is = typeName(cur.type);
    const [bs, as] = [bctx.sizeOf(old.type), actx.sizeOf(cur.type)];
    const [ba, aa] = [bctx.alignOf(old.type), actx.alignOf(cur.type)];
    if (bs !== as || ba !== aa) {
      out.push({
        code: 'compat-typedef-changed',
        abi,
        subject,
        what: 'layout',
        detail: `${was} (${bs ?? '?'} bytes, align ${ba ?? '?'}) -> ${is} (${as ?? '?'} bytes, align ${aa ?? '?'})`,
        loc: cur.loc,
      });
    } else if (was !== is) {
      out.push({
        code: 'compat-extension',
        abi,
        subject,
        what: 'retyped-same',
        detail: `${was} -> ${is}`,
        convention: 'same-layout',
        loc: cur.loc,
      });
    }
  }
  return out;
}
