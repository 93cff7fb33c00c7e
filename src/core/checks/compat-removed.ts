// compat-removed: something userspace could name before the change is gone: sources
// stop building, and a number may later be reused with another meaning.
// One of the UAPI compatibility checks: they compare the baseline's models (a
// patch's pre-image, a git ref, an older tree) with the checked models per ABI.

import { compatFindingsOf } from '../compat/compat-findings';
import type { Check } from './types';

export const compatRemoved: Check = {
  id: 'compat-removed',
  summary: 'A UAPI struct, #define, enumerator or typedef present before was removed (a break)',
  defaultSeverity: 'warning',
  run: (ctx) => compatFindingsOf(ctx, 'compat-removed', 'warning'),
};
