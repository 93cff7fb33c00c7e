// feature-number-not-next: a newly added number that is not its family's
// largest existing value + 1. Several series compete for feature numbers
// (<20260602143202.6395e9e2@shazbot.org>); gaps and reuse both go wrong.

import type { Diagnostic } from '../diag/diagnostic';
import type { Check, CheckContext, NumberFamily } from './types';
import {
  checkedFamilies,
  familyName,
  isNewName,
  maxOf,
  memberRange,
  valueText,
  type FamilyMember,
} from '../analysis/number-context';
import { pushAll } from '../text/push-all';

export const featureNumberNotNext: Check = {
  id: 'feature-number-not-next',
  summary: "A new feature, capability or ioctl number is not its family's largest existing value + 1",
  defaultSeverity: 'warning',
  readsAllDefines: true,
  run(ctx: CheckContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const fam of checkedFamilies(ctx)) {
      if (fam.kind === 'other') continue;
      pushAll(out, ctx.baseline ? againstBaseline(ctx, fam) : inSourceOrder(ctx, fam));
    }
    return out;
  },
};

/** Each new name must take the largest value so far + 1 (pre-existing ones, then earlier new ones). */
function againstBaseline(ctx: CheckContext, fam: NumberFamily): Diagnostic[] {
  const existing = fam.members.filter((m) => !isNewName(ctx, m));
  let max = maxOf(existing.map((m) => m.value));
  if (max === undefined) return [];
  const out: Diagnostic[] = [];
  for (const m of fam.members.filter((x) => isNewName(ctx, x))) {
    const expected: bigint = max + 1n;
    if (m.value !== expected)
      out.push(finding(ctx, fam, m, expected, `the largest existing value is ${valueText(fam, max)}`));
    if (m.value > max) max = m.value;
  }
  return out;
}

/** Without a baseline: a value skipping past max-so-far + 1 to leave numbers no member of the family uses. */
function inSourceOrder(ctx: CheckContext, fam: NumberFamily): Diagnostic[] {
  const all = new Set(fam.members.map((m) => m.value));
  const out: Diagnostic[] = [];
  let max: bigint | undefined;
  for (const m of fam.members) {
    if (max !== undefined && m.value > max + 1n && hasGap(all, max + 1n, m.value)) {
      out.push(finding(ctx, fam, m, max + 1n, `the members before it reach ${valueText(fam, max)}`));
    }
    if (max === undefined || m.value > max) max = m.value;
  }
  return out;
}

function hasGap(values: Set<bigint>, from: bigint, to: bigint): boolean {
  for (let v = from; v < to && v < from + 4096n; v++) if (!values.has(v)) return true;
  return false;
}

function finding(
  ctx: CheckContext,
  fam: NumberFamily,
  m: FamilyMember,
  expected: bigint,
  why: string,
): Diagnostic {
  const here = memberRange(ctx, m);
  return {
    code: featureNumberNotNext.id,
    severity: featureNumberNotNext.defaultSeverity,
    file: here.file,
    range: here.range,
    message: `${m.name} = ${valueText(fam, m.value)} is not the next number of family ${familyName(fam)}: ${why}, so ${valueText(fam, expected)} was expected`,
  };
}
