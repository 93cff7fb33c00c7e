// compat-number-changed: a feature, ioctl or enumerator number whose value changed: binaries
// carry the old number. An _IOR/_IOW/_IOWR number changes when its struct grows.
// One of the UAPI compatibility checks: they compare the baseline's models (a
// patch's pre-image, a git ref, an older tree) with the checked models per ABI.

import { compatFindingsOf } from '../compat/compat-findings';
import type { Check } from './types';

export const compatNumberChanged: Check = {
  id: 'compat-number-changed',
  summary: 'A #define number, ioctl number (incl. its _IOC size field) or enumerator changed value (a break)',
  defaultSeverity: 'warning',
  run: (ctx) => compatFindingsOf(ctx, 'compat-number-changed', 'warning'),
};
