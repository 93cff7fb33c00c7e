// uapi-abi-divergent-layout: a UAPI record whose size, alignment or member
// offsets differ between ABIs, so 32-bit userspace on a 64-bit kernel sees
// another struct. The classic case is i386's 4-byte aligned `__u64`.

import type { Diagnostic, RelatedInformation } from '../diag/diagnostic';
import type { FieldLayout } from '../layout/types';
import type { Check, CheckContext } from './types';
import { runSync, type Steps } from '../steps';
import {
  abiList,
  allFieldDecls,
  eachRecordSteps,
  groupBy,
  type AbiLayout,
  type CheckedRecord,
} from '../analysis/records';
import { hasAlignedAttribute, is64BitInteger } from '../analysis/int-types';

export const uapiAbiDivergentLayout: Check = {
  id: 'uapi-abi-divergent-layout',
  summary: 'A UAPI struct whose size, alignment or member offsets differ between ABIs',
  defaultSeverity: 'warning',
  run(ctx: CheckContext): Diagnostic[] {
    return runSync(divergenceSteps(ctx));
  },
  steps: (ctx) => divergenceSteps(ctx),
};

/** A pause every RECORDS_PER_STEP records (eachRecordSteps). */
function* divergenceSteps(ctx: CheckContext): Steps<Diagnostic[]> {
  const out: Diagnostic[] = [];
  yield* eachRecordSteps(ctx, (rec) => {
    const d = divergence(ctx, rec);
    if (d) out.push(d);
  });
  return out;
}

/** `24 on x86_64 and s390x, 20 on i386` for a value that differs between ABIs. */
function perAbi(layouts: AbiLayout[], value: (l: AbiLayout) => string | undefined): string | undefined {
  const groups = groupBy(
    layouts.filter((l) => value(l) !== undefined),
    value,
  );
  if (groups.size < 2) return undefined;
  return [...groups.entries()].map(([v, g]) => `${v} on ${abiList(g.map((l) => l.abi))}`).join(', ');
}

function divergence(ctx: CheckContext, rec: CheckedRecord): Diagnostic | undefined {
  const layouts = rec.layouts.filter((l) => !l.layout.incomplete);
  if (layouts.length < 2) return undefined;
  // ABIs that laid the record out alike share its fields (layout/shared-shapes.ts): nothing differs.
  const first = layouts[0].layout;
  const alike = (l: AbiLayout) =>
    l.layout.fields === first.fields && l.layout.size === first.size && l.layout.align === first.align;
  if (layouts.every(alike)) return undefined;
  const size = perAbi(layouts, (l) => String(l.layout.size));
  const align = perAbi(layouts, (l) => String(l.layout.align));
  const moved = movedFields(layouts);
  if (!size && !align && moved.length === 0) return undefined;
  const parts: string[] = [];
  if (size) parts.push(`size ${size}`);
  if (align) parts.push(`alignment ${align}`);
  for (const f of moved.slice(0, 3)) parts.push(`offset of '${f.name}' ${f.text}`);
  if (moved.length > 3) parts.push(`and ${moved.length - 3} more members move`);
  const ref = rec.layouts[0].layout;
  const loc = rec.decl?.nameLoc ?? ref.loc;
  const related: RelatedInformation[] = moved.slice(0, 3).map((f) => ({
    file: f.field.loc.file,
    range: f.field.loc.range,
    message: `'${f.name}' is at ${f.text}`,
  }));
  const diag: Diagnostic = {
    code: uapiAbiDivergentLayout.id,
    // Same size and offsets with another alignment only matters where the record is embedded.
    severity: size || moved.length ? 'warning' : 'info',
    file: loc.file,
    range: loc.range,
    message: `${rec.display} differs between ABIs: ${parts.join('; ')}${u64Hint(ctx, rec, layouts)}`,
  };
  if (related.length) diag.related = related;
  return diag;
}

function movedFields(layouts: AbiLayout[]): { name: string; text: string; field: FieldLayout }[] {
  const out: { name: string; text: string; field: FieldLayout }[] = [];
  for (const field of layouts[0].layout.fields) {
    const text = perAbi(layouts, (l) => {
      const f = l.layout.fields.find((x) => x.name === field.name);
      return f ? String(f.offset) : undefined;
    });
    if (text) out.push({ name: field.name, text, field });
  }
  return out;
}

/** Names the plain 64-bit members some ABI aligns to 4 bytes (i386), suggesting `__aligned_u64`. */
function u64Hint(ctx: CheckContext, rec: CheckedRecord, layouts: AbiLayout[]): string {
  const env = ctx.models[0].typeEnv;
  const plain = allFieldDecls(rec.decl).filter(
    (f) => f.name && !f.bitWidth && is64BitInteger(f.type, env) && !hasAlignedAttribute(f, env),
  );
  if (plain.length === 0) return '';
  const lowAbis = layouts
    .filter(
      (l) =>
        plain.some((f) => l.layout.members.some((m) => m.name === f.name && m.size === 8 && m.align < 8)) ||
        l.layout.align < 8,
    )
    .map((l) => l.abi);
  if (lowAbis.length === 0 || lowAbis.length === layouts.length) return '';
  const names = plain
    .map((f) => `'${f.name}'`)
    .slice(0, 4)
    .join(', ');
  return `; a plain 64-bit integer is only 4-byte aligned inside structs on ${abiList(lowAbis)}: declare ${names} as __aligned_u64`;
}
