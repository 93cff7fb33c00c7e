// uapi-non-fixed-width-type: `int`, `long`, `size_t`, `bool`, enums and pointers
// in a UAPI struct. Their size or signedness depends on the ABI or compiler;
// UAPI uses __u8..__u64/__s8..__s64 and passes pointers as __u64.

import type { Diagnostic } from '../diag/diagnostic';
import type { FieldDecl, TypeExpr } from '../lang/ast';
import type { TypeEnv } from '../layout/index';
import type { Check, CheckContext } from './types';
import { allFieldDecls, checkedRecordSteps, RECORDS_PER_STEP } from '../analysis/records';
import { resolveTypedefs, spelledType } from '../analysis/int-types';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../steps';

export const uapiNonFixedWidthType: Check = {
  id: 'uapi-non-fixed-width-type',
  summary: 'int, long, size_t, bool, enum or pointer members in a UAPI struct',
  defaultSeverity: 'warning',
  run(ctx: CheckContext): Diagnostic[] {
    return runSync(fieldSteps(ctx));
  },
  steps: (ctx) => fieldSteps(ctx),
};

/** A checkpoint every CHECKPOINT_EVERY members (a record of 60,000 members: ~40 ms in one go). */
function* fieldSteps(ctx: CheckContext): Steps<Diagnostic[]> {
  const env = ctx.models[0]?.typeEnv;
  if (!env) return [];
  const out: Diagnostic[] = [];
  let tick = 0;
  let records = 0;
  // Also every RECORDS_PER_STEP records: 16,000 structs of 3 members each are one long pass otherwise.
  for (const rec of yield* checkedRecordSteps(ctx)) {
    if (++records % RECORDS_PER_STEP === 0) yield;
    for (const field of allFieldDecls(rec.decl)) {
      if ((++tick & (CHECKPOINT_EVERY - 1)) === 0) yield;
      const why = problem(field.type, env);
      if (why) out.push(finding(rec.display, field, why));
    }
  }
  return out;
}

/** Typedef names that are fixed-width by definition (checked before resolving them). */
const FIXED_TYPEDEF =
  /^(__[us](8|16|32|64)|__(le|be)(16|32|64)|__aligned_(u64|s64|le64|be64)|__wsum|__sum16|__poll_t|u?int(8|16|32|64)_t|[us](8|16|32|64))$/;

/** Builtins whose size and signedness are the same on every Linux ABI. */
const FIXED_BUILTIN = new Set(['char', 'signed char', 'unsigned char', 'float', 'double']);

/** Why a member type is not fixed-width, or undefined when it is. */
function problem(type: TypeExpr, env: TypeEnv): string | undefined {
  let t = type;
  while (t.kind === 'array') t = t.of;
  if (t.kind === 'typedef-ref' && FIXED_TYPEDEF.test(t.name)) return undefined;
  const r = resolveTypedefs(t, env);
  const via = r.chain.length ? `'${r.chain[0]}' (${spelledType(r.type)})` : `'${spelledType(r.type)}'`;
  switch (r.type.kind) {
    case 'pointer':
      return `${via} is a pointer, 4 or 8 bytes depending on the ABI; pass user pointers as __aligned_u64`;
    case 'enum':
    case 'enum-ref':
      return `${via} is an enum, whose size the compiler chooses; use __u32`;
    case 'builtin':
      if (r.type.name === '_Bool') return `${via} has no fixed size in the ABI; use __u8`;
      if (FIXED_BUILTIN.has(r.type.name) || r.type.name === 'void') return undefined;
      if (r.type.name.includes('long long'))
        return `${via} is not a UAPI fixed-width type; use __u64/__s64 (__aligned_u64)`;
      return r.type.name.includes('long')
        ? `${via} is 4 or 8 bytes depending on the ABI; use __u32/__u64 (__s32/__s64)`
        : `${via} is not a fixed-width type; use __u32/__s32 (or __u16/__s16)`;
    default:
      return undefined;
  }
}

function finding(record: string, field: FieldDecl, why: string): Diagnostic {
  const loc = field.loc;
  return {
    code: uapiNonFixedWidthType.id,
    severity: uapiNonFixedWidthType.defaultSeverity,
    file: loc.file,
    range: field.nameLoc?.range ?? loc.range,
    message: `${record}: member '${field.name ?? '<anonymous>'}': ${why}`,
  };
}
