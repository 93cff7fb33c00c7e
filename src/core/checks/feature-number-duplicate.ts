// feature-number-duplicate: two names of one numeric family share a value
// (VFIO_DEVICE_FEATURE_ZPCI_ERROR 11 vs VFIO_DEVICE_FEATURE_DMA_BUF 11 in v2-v8
// of the zPCI error series). Families are inferred from the header itself.

import type { Diagnostic } from '../diag/diagnostic';
import type { Check, CheckContext, NumberFamily } from './types';
import { groupBy } from '../analysis/records';
import {
  checkedFamilies,
  familyName,
  isGrabBag,
  isNewName,
  maxOf,
  memberRange,
  valueText,
  type FamilyMember,
} from '../analysis/number-context';
import { pushAll } from '../text/push-all';

export const featureNumberDuplicate: Check = {
  id: 'feature-number-duplicate',
  summary: 'Two names of one numeric family (feature, capability, type numbers) share a value',
  defaultSeverity: 'error',
  readsAllDefines: true,
  run(ctx: CheckContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    // ioctl numbers are ioctl-number-duplicate's job (it compares per _IOC type and section).
    for (const fam of checkedFamilies(ctx)) {
      if (fam.kind === 'ioctl' || isGrabBag(fam)) continue;
      for (const group of groupBy(fam.members, (m) => m.value).values()) {
        if (group.length > 1) pushAll(out, duplicates(ctx, fam, group));
      }
    }
    return out;
  },
};

function duplicates(ctx: CheckContext, fam: NumberFamily, group: FamilyMember[]): Diagnostic[] {
  // With a baseline only the names this change adds are at fault; without one, every later name.
  const fresh = group.filter((m) => isNewName(ctx, m) ?? true);
  const culprits = ctx.baseline ? fresh : group.slice(1);
  const old = group.filter((m) => !culprits.includes(m));
  const next = nextFree(ctx, fam);
  return culprits.map((m) => {
    const other = old[0] ?? group.find((g) => g !== m) ?? m;
    const here = memberRange(ctx, m);
    const there = memberRange(ctx, other);
    return {
      code: featureNumberDuplicate.id,
      severity: featureNumberDuplicate.defaultSeverity,
      file: here.file,
      range: here.range,
      message:
        `${m.name} = ${valueText(fam, m.value)} duplicates ${other.name} in family ${familyName(fam)}` +
        (next !== undefined ? `; the next free value is ${valueText(fam, next)}` : ''),
      related: [
        {
          file: there.file,
          range: there.range,
          message: `${other.name} is ${valueText(fam, other.value)} here`,
        },
      ],
    };
  });
}

/** Largest pre-existing value + 1 (every value when there is no baseline). */
function nextFree(ctx: CheckContext, fam: NumberFamily): bigint | undefined {
  const existing = fam.members.filter((m) => !(isNewName(ctx, m) ?? false)).map((m) => m.value);
  const max = maxOf(existing.length ? existing : fam.members.map((m) => m.value));
  return max === undefined ? undefined : max + 1n;
}
