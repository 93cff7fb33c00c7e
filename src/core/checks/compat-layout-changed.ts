// compat-layout-changed: a struct or union whose size or alignment changed, where no
// size-negotiation convention (argsz, a size member) covers it: userspace built against
// the old header passes the old size.
// One of the UAPI compatibility checks: they compare the baseline's models (a
// patch's pre-image, a git ref, an older tree) with the checked models per ABI.

import { compatFindingsOf } from '../compat/compat-findings';
import type { Check } from './types';

export const compatLayoutChanged: Check = {
  id: 'compat-layout-changed',
  summary: 'A UAPI struct or union changed size or alignment on some ABI (a break)',
  defaultSeverity: 'warning',
  run: (ctx) => compatFindingsOf(ctx, 'compat-layout-changed', 'warning'),
};
