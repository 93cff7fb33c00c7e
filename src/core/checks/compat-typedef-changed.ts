// compat-typedef-changed: a typedef whose size or alignment changed on some ABI.
// One of the UAPI compatibility checks: they compare the baseline's models (a
// patch's pre-image, a git ref, an older tree) with the checked models per ABI.

import { compatFindingsOf } from '../compat/compat-findings';
import type { Check } from './types';

export const compatTypedefChanged: Check = {
  id: 'compat-typedef-changed',
  summary: 'A UAPI typedef changed size or alignment (a break)',
  defaultSeverity: 'warning',
  run: (ctx) => compatFindingsOf(ctx, 'compat-typedef-changed', 'warning'),
};
