// The contract of a check: a stable code, a doc page, and run(ctx) returning
// core Diagnostics. Checks see every ABI's model of the same files, plus the
// workspace for cross-file rules (driver dispatch). One check per file. The
// context itself lives in analysis/context.ts, which the analyses share.

import type { Diagnostic, Severity } from '../diag/diagnostic';
import type { CheckContext } from '../analysis/context';
import type { Steps } from '../steps';

export type { CheckWorkspace, CheckBaseline, CheckContext, NumberFamily } from '../analysis/context';

export interface Check {
  /** Stable kebab-case code (`uapi-implicit-hole`). */
  id: string;
  /** One-line summary; the full page is docs/checks/<id>.md. */
  summary: string;
  defaultSeverity: Severity;
  /** Its run always reads every #define value of the reference model (`defines.all()`) and its number
   *  families: both are found first as resumable steps (runCheckSteps), so a deep #define chain or
   *  16,000 records are not one long step. */
  readsAllDefines?: boolean;
  run(ctx: CheckContext): Diagnostic[];
  /** The same findings as resumable steps, for a check whose work grows past one slice on one record
   *  (runCheckSteps drives it; `run` is then runSync over it). */
  steps?(ctx: CheckContext): Steps<Diagnostic[]>;
}
