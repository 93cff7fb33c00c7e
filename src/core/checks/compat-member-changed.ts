// compat-member-changed: a member removed, renamed, retyped, inserted in the middle or moved:
// the bytes userspace sends no longer mean what they meant.
// One of the UAPI compatibility checks: they compare the baseline's models (a
// patch's pre-image, a git ref, an older tree) with the checked models per ABI.

import { compatFindingsOf } from '../compat/compat-findings';
import type { Check } from './types';

export const compatMemberChanged: Check = {
  id: 'compat-member-changed',
  summary: 'A member of a UAPI struct was removed, renamed, retyped, inserted or moved (a break)',
  defaultSeverity: 'warning',
  run: (ctx) => compatFindingsOf(ctx, 'compat-member-changed', 'warning'),
};
