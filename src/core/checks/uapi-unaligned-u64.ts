// uapi-unaligned-u64: a 64-bit member declared as plain `__u64`/`__s64` in a
// UAPI struct whose layout differs between ABIs. i386 aligns such members to
// 4 bytes inside structs; only `__aligned_u64` gives one layout everywhere.

import type { Diagnostic, Fix } from '../diag/diagnostic';
import type { FieldDecl } from '../lang/ast';
import type { Check, CheckContext } from './types';
import { abiList, allFieldDecls, eachRecordSteps, type CheckedRecord } from '../analysis/records';
import { runSync, type Steps } from '../steps';
import { hasAlignedAttribute, is64BitInteger } from '../analysis/int-types';
import { replaceWord, textAt } from '../analysis/source-text';

export const uapiUnalignedU64: Check = {
  id: 'uapi-unaligned-u64',
  summary: 'A plain __u64/__s64 member where only __aligned_u64 keeps one layout on every ABI',
  defaultSeverity: 'warning',
  run(ctx: CheckContext): Diagnostic[] {
    return runSync(unalignedSteps(ctx));
  },
  steps: (ctx) => unalignedSteps(ctx),
};

/** A pause every RECORDS_PER_STEP records (eachRecordSteps). */
function* unalignedSteps(ctx: CheckContext): Steps<Diagnostic[]> {
  const env = ctx.models[0]?.typeEnv;
  if (!env) return [];
  const out: Diagnostic[] = [];
  yield* eachRecordSteps(ctx, (rec) => {
    const lowAbis = diverging(rec);
    if (lowAbis.length === 0) return;
    for (const field of allFieldDecls(rec.decl)) {
      if (
        !field.name ||
        field.bitWidth ||
        !is64BitInteger(field.type, env) ||
        hasAlignedAttribute(field, env)
      )
        continue;
      out.push(finding(ctx, rec, field, lowAbis));
    }
  });
  return out;
}

/** The ABIs giving the record a smaller alignment, when its size or member offsets differ between ABIs. */
function diverging(rec: CheckedRecord): string[] {
  const [ref, ...rest] = rec.layouts.filter((l) => !l.layout.incomplete);
  if (!ref || rest.length === 0) return [];
  const differs = rest.some(
    (l) =>
      l.layout.size !== ref.layout.size ||
      l.layout.fields.some((f) => ref.layout.fields.find((r) => r.name === f.name)?.offset !== f.offset),
  );
  if (!differs) return [];
  const maxAlign = rec.layouts.reduce((a, l) => Math.max(a, l.layout.align), -Infinity);
  return rec.layouts.filter((l) => l.layout.align < maxAlign && l.layout.align < 8).map((l) => l.abi);
}

const ALIGNED: Record<string, string> = {
  __u64: '__aligned_u64',
  __s64: '__aligned_s64',
  __le64: '__aligned_le64',
  __be64: '__aligned_be64',
};

function finding(ctx: CheckContext, rec: CheckedRecord, field: FieldDecl, lowAbis: string[]): Diagnostic {
  const loc = field.loc;
  const written = /\b(__[us]64|__[lb]e64)\b/.exec(textAt(ctx, loc.file, loc.range))?.[1];
  const spelled = written ?? (field.type.kind === 'typedef-ref' ? field.type.name : '64-bit integer');
  const replacement = written ? ALIGNED[written] : undefined;
  const diag: Diagnostic = {
    code: uapiUnalignedU64.id,
    severity: uapiUnalignedU64.defaultSeverity,
    file: loc.file,
    range: field.nameLoc?.range ?? loc.range,
    message:
      `${rec.display}: '${field.name}' is a plain ${spelled}, only 4-byte aligned inside structs on ${abiList(lowAbis)}, ` +
      `so the struct's layout differs between ABIs; declare it ${replacement ?? '__aligned_u64'}`,
  };
  const fix =
    ctx.fixes !== false && written && replacement ? fixFor(ctx, field, written, replacement) : undefined;
  if (fix) diag.fixes = [fix];
  return diag;
}

function fixFor(ctx: CheckContext, field: FieldDecl, written: string, replacement: string): Fix | undefined {
  // __aligned_s64 only exists in newer <linux/types.h>: offer it only when the unit defines it.
  if (!ctx.models[0].unit.macros.has(replacement)) return undefined;
  const edit = replaceWord(ctx, field.loc.file, field.loc.range, written, replacement);
  return edit ? { title: `Use ${replacement}`, edits: [edit] } : undefined;
}
