// One JSON object per scenario step, the same for `kpw sim --json` and `kpw run --json`, so a
// script reading one reads the other (the simulator's and a target's answers share their shape).

import { toHex, type SimAnswer } from '../core/api/index';

/** What both answers carry: the simulator's SimAnswer, with a target's errno as a name or null. */
type StepAnswer = Omit<SimAnswer, 'errno'> & { errno: SimAnswer['errno'] | string | null };

export function stepJson(r: {
  step: number;
  answer: StepAnswer;
  failures: string[];
}): Record<string, unknown> {
  const a = r.answer;
  return {
    step: r.step,
    op: a.op,
    rc: a.rc,
    errno: a.errno,
    kernelRc: a.kernelRc,
    bytes: toHex(a.bytes),
    fields: a.fields,
    decidedBy: a.decidedBy,
    trace: a.trace,
    warnings: a.warnings,
    ok: r.failures.length === 0,
    failures: r.failures,
  };
}
