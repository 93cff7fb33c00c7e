// uapi-bitfield: C bitfields in a UAPI struct. Their bit positions depend on the
// ABI (big-endian s390x allocates from the other end) and on the compiler
// (review of v19 of the zPCI error series, <20260623150744.08177808@shazbot.org>).

import type { Diagnostic } from '../diag/diagnostic';
import type { Check, CheckContext } from './types';
import { allFieldDecls, eachRecordSteps, type CheckedRecord } from '../analysis/records';
import { runSync, type Steps } from '../steps';

export const uapiBitfield: Check = {
  id: 'uapi-bitfield',
  summary: 'C bitfields in a UAPI struct',
  defaultSeverity: 'warning',
  run(ctx: CheckContext): Diagnostic[] {
    return runSync(bitfieldSteps(ctx));
  },
  steps: (ctx) => bitfieldSteps(ctx),
};

/** A pause every RECORDS_PER_STEP records (eachRecordSteps). */
function* bitfieldSteps(ctx: CheckContext): Steps<Diagnostic[]> {
  const out: Diagnostic[] = [];
  yield* eachRecordSteps(ctx, (rec) => {
    const endians = endiannessNote(ctx, rec);
    for (const field of allFieldDecls(rec.decl)) {
      if (!field.bitWidth) continue;
      out.push({
        code: uapiBitfield.id,
        severity: uapiBitfield.defaultSeverity,
        file: field.loc.file,
        range: field.nameLoc?.range ?? field.loc.range,
        message:
          `${rec.display}: bitfield '${field.name ?? '<unnamed>'}': bit positions of C bitfields depend on the ABI${endians} ` +
          `and the compiler; use a fixed-width member with documented masks and shifts`,
      });
    }
  });
  return out;
}

/** `(s390x allocates bits from the most significant end)` when a big-endian ABI is among the models. */
function endiannessNote(ctx: CheckContext, rec: CheckedRecord): string {
  const big = ctx.models.filter(
    (m) => m.abi.endian === 'big' && rec.layouts.some((l) => l.abi === m.abi.name),
  );
  if (big.length === 0) return '';
  return ` (${big.map((m) => m.abi.name).join(', ')} allocate${big.length === 1 ? 's' : ''} them from the most significant bit)`;
}
