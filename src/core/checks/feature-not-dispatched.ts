// feature-not-dispatched: a VFIO_DEVICE_FEATURE_* number defined in the UAPI
// header with no `case` in the driver's dispatch switch, so userspace gets
// -ENOTTY for a feature the header promises. Runs only when the driver files exist.

import { relative } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic';
import type { Check, CheckContext } from './types';
import { checkedFamilies, memberRange } from '../analysis/number-context';
import {
  caseElsewhere,
  dispatchOf,
  PCI_CORE,
  PCI_SWITCH_FN,
  VFIO_MAIN,
  type Dispatch,
} from '../analysis/driver-dispatch';

export const featureNotDispatched: Check = {
  id: 'feature-not-dispatched',
  summary: "A feature number defined in the UAPI header has no case in the driver's dispatch switch",
  defaultSeverity: 'warning',
  run(ctx: CheckContext): Diagnostic[] {
    const dispatch = dispatchOf(ctx);
    if (!dispatch) return [];
    const labels = new Set(dispatch.cases.map((c) => c.label));
    const out: Diagnostic[] = [];
    for (const fam of checkedFamilies(ctx)) {
      // Only families the switches dispatch at all (some member has a case).
      if (fam.kind !== 'feature' || !fam.members.some((m) => labels.has(m.name))) continue;
      for (const m of fam.members) {
        if (labels.has(m.name) || caseElsewhere(ctx, m.name, dispatch.files)) continue;
        const here = memberRange(ctx, m);
        out.push({
          code: featureNotDispatched.id,
          severity: featureNotDispatched.defaultSeverity,
          file: here.file,
          range: here.range,
          message: `${m.name} (${m.value}) has no case in ${where(ctx, dispatch)}: the ioctl answers -ENOTTY for it`,
          related: dispatch.switches.map((s) => ({
            file: s.file,
            range: { start: { line: s.line, character: 0 }, end: { line: s.line, character: 0 } },
            message: `feature switch in ${s.fn}()`,
          })),
        });
      }
    }
    return out;
  },
};

function where(ctx: CheckContext, d: Dispatch): string {
  const root = ctx.workspace.root ?? '';
  const names = d.files.map((f) => relative(root, f));
  const parts: string[] = [];
  if (names.includes(PCI_CORE)) parts.push(`${PCI_SWITCH_FN}() (${PCI_CORE})`);
  if (names.includes(VFIO_MAIN)) parts.push(`the core switch (${VFIO_MAIN})`);
  return parts.join(' or ');
}
