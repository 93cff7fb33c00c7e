// uapi-trailing-padding: implicit padding at the end of a UAPI struct on some
// ABI. Like a hole it leaks kernel stack and differs between ABIs; a struct
// holding 64-bit members should be padded explicitly to a multiple of 8.

import type { Diagnostic, Fix } from '../diag/diagnostic';
import type { Check, CheckContext } from './types';
import { abiList, eachRecordSteps, groupBy, type CheckedRecord } from '../analysis/records';
import { insertPadFix } from '../analysis/padding';
import { runSync, type Steps } from '../steps';

export const uapiTrailingPadding: Check = {
  id: 'uapi-trailing-padding',
  summary: 'Implicit padding at the end of a UAPI struct',
  defaultSeverity: 'warning',
  run(ctx: CheckContext): Diagnostic[] {
    return runSync(trailingSteps(ctx));
  },
  steps: (ctx) => trailingSteps(ctx),
};

function* trailingSteps(ctx: CheckContext): Steps<Diagnostic[]> {
  const out: Diagnostic[] = [];
  yield* eachRecordSteps(ctx, (rec) => {
    const d = trailing(ctx, rec);
    if (d) out.push(d);
  });
  return out;
}

function trailing(ctx: CheckContext, rec: CheckedRecord): Diagnostic | undefined {
  const padded = rec.layouts.filter((l) => l.layout.trailingPadding > 0 && !l.layout.packed);
  if (padded.length === 0) return undefined;
  const ref = rec.layouts[0].layout;
  const where = [...groupBy(padded, (l) => `${l.layout.trailingPadding}/${l.layout.size}`).values()]
    .map(
      (g) =>
        `${g[0].layout.trailingPadding} bytes (size ${g[0].layout.size}) on ${abiList(g.map((l) => l.abi))}`,
    )
    .join('; ');
  const quiet = rec.layouts.filter((l) => !padded.includes(l)).map((l) => l.abi);
  const note = quiet.length ? `; none on ${abiList(quiet)}` : '';
  const loc = rec.decl?.nameLoc ?? ref.loc;
  const diag: Diagnostic = {
    code: uapiTrailingPadding.id,
    severity: uapiTrailingPadding.defaultSeverity,
    file: loc.file,
    range: loc.range,
    message: `${rec.display} ends in implicit padding: ${where}${note}; add an explicit padding member at the end`,
  };
  const fix = ctx.fixes === false ? undefined : padFix(ctx, rec);
  if (fix) diag.fixes = [fix];
  return diag;
}

/** A pad member at the end, only when every ABI's data ends at the same offset (else the
 *  padding comes from a member whose size differs, and a pad would not give one layout). */
function padFix(ctx: CheckContext, rec: CheckedRecord): Fix | undefined {
  const ends = new Set(rec.layouts.map((l) => l.layout.size - l.layout.trailingPadding));
  if (ends.size !== 1) return undefined;
  const widest = rec.layouts.reduce((a, b) =>
    b.layout.trailingPadding > a.layout.trailingPadding ? b : a,
  ).layout;
  const members = widest.members;
  const last = members[members.length - 1];
  if (!last || rec.decl?.loc.file !== rec.file) return undefined;
  // A flexible array member stays last: the pad goes in front of it.
  const line = last.size === null ? last.loc.range.start.line : last.loc.range.end.line + 1;
  const taken = new Set(widest.fields.map((f) => f.name));
  const end = widest.size - widest.trailingPadding;
  return insertPadFix(ctx, rec.file, line, last.loc.range.start.line, widest.trailingPadding, end, taken);
}
