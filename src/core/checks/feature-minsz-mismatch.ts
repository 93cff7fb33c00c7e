// feature-minsz-mismatch: the handler of a device feature checks the user's
// buffer with vfio_check_feature(..., minsz) against another size than the
// struct the UAPI header documents for that feature.

import type { Diagnostic, RelatedInformation } from '../diag/diagnostic';
import type { Check, CheckContext } from './types';
import { checkedFamilies, memberRange, type FamilyMember } from '../analysis/number-context';
import { dispatchOf, minszOf, type DispatchCase } from '../analysis/driver-dispatch';
import { documentedStruct, type DocumentedStruct } from '../analysis/feature-docs';

export const featureMinszMismatch: Check = {
  id: 'feature-minsz-mismatch',
  summary:
    "A feature handler's vfio_check_feature() minimum size is not the size of the struct documented for the feature",
  defaultSeverity: 'warning',
  run(ctx: CheckContext): Diagnostic[] {
    const dispatch = dispatchOf(ctx);
    if (!dispatch) return [];
    const out: Diagnostic[] = [];
    for (const fam of checkedFamilies(ctx)) {
      if (fam.kind !== 'feature') continue;
      for (const m of fam.members) {
        const c = dispatch.cases.find((x) => x.label === m.name);
        const doc = c && documentedStruct(ctx, m.name);
        if (!c || !doc) continue;
        const d = compare(ctx, m, c, doc);
        if (d) out.push(d);
      }
    }
    return out;
  },
};

function compare(
  ctx: CheckContext,
  m: FamilyMember,
  c: DispatchCase,
  doc: DocumentedStruct,
): Diagnostic | undefined {
  const found = minszOf(ctx, c);
  const here = memberRange(ctx, m);
  const base = { code: featureMinszMismatch.id, file: here.file, range: here.range };
  if ('reason' in found) return undefined; // no vfio_check_feature in the handler: nothing to compare
  const related: RelatedInformation[] = [
    { file: found.file, range: found.call.loc.range, message: `vfio_check_feature() in ${found.handler}()` },
  ];
  if (doc.loc)
    related.push({ file: doc.loc.file, range: doc.loc.range, message: `struct ${doc.tag} (${doc.how})` });
  const size = found.size;
  const via = size.via.length ? ` (via ${size.via.join(' -> ')})` : '';
  if (size.kind === 'unknown') {
    return {
      ...base,
      severity: 'info',
      related,
      message: `cannot check the minimum size ${m.name}'s handler ${found.handler}() passes to vfio_check_feature(): ${size.reason}`,
    };
  }
  const expected = structSize(ctx, doc.tag);
  if (size.kind === 'struct' && size.tag === doc.tag) return undefined;
  if (size.kind === 'type' && ctx.models[0].typeEnv.findRecord(size.name)?.name === doc.tag) return undefined;
  if (size.kind === 'number' && expected !== undefined && size.value === expected) return undefined;
  const got =
    size.kind === 'struct'
      ? `sizeof(struct ${size.tag})${sized(ctx, size.tag)}`
      : size.kind === 'type'
        ? `sizeof(${size.name})`
        : String(size.value);
  return {
    ...base,
    severity: featureMinszMismatch.defaultSeverity,
    related,
    message:
      `${m.name}: ${found.handler}() checks the user buffer with vfio_check_feature(..., ${found.call.args[3] ?? '?'})${via} = ${got}, ` +
      `but the header documents struct ${doc.tag}${expected !== undefined ? ` (${expected} bytes on ${ctx.models[0].abi.name})` : ''} for this feature`,
  };
}

function structSize(ctx: CheckContext, tag: string): number | undefined {
  return ctx.models[0].record(tag)?.size;
}

function sized(ctx: CheckContext, tag: string): string {
  const n = structSize(ctx, tag);
  return n === undefined ? '' : ` (${n} bytes)`;
}
