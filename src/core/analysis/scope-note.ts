// A header outside include/uapi/ gets layouts (hovers, inlay hints) but no UAPI checks: one
// info note per such file says why and names the switch, so the silence is not mistaken for
// a clean bill. Shared by the editor (server/src/checks.ts) and `kpw check` (checkFiles).

import { resolve } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic';
import { ZERO_RANGE } from '../text/position';
import { inUapiScope } from './scope';
import type { CheckContext } from './context';

export const UAPI_CHECKS_OFF = 'not-uapi-header';

/** One note per checked file the UAPI rules skip, when it defines a struct or union. */
export function scopeNotes(ctx: CheckContext): Diagnostic[] {
  const model = ctx.models[0];
  if (!model) return [];
  const withRecords = new Set(model.mainRecords().map((r) => resolve(r.loc.file)));
  return ctx.files
    .map((f) => resolve(f))
    .filter((f) => !inUapiScope(ctx, f) && withRecords.has(f))
    .map((file) => ({
      code: UAPI_CHECKS_OFF,
      severity: 'info' as const,
      file,
      range: ZERO_RANGE,
      message:
        'UAPI checks are off for this header: it is not under include/uapi/ (nor an installed header), so ' +
        'only its layouts are shown. To check it as UAPI: the setting kpw.checks.forceUapi (kpw check --uapi).',
    }));
}
