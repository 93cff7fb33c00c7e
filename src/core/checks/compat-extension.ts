// compat-extension: a change that the kernel conventions make compatible (argsz or a size
// member with members appended, a reserved member or padding taken over, a flexible
// array at the end, a same-layout retype); reported as information, naming the convention.
// One of the UAPI compatibility checks: they compare the baseline's models (a
// patch's pre-image, a git ref, an older tree) with the checked models per ABI.

import { compatFindingsOf } from '../compat/compat-findings';
import type { Check } from './types';

export const compatExtension: Check = {
  id: 'compat-extension',
  summary: 'A compatible UAPI extension, naming the convention that makes it compatible',
  defaultSeverity: 'info',
  run: (ctx) => compatFindingsOf(ctx, 'compat-extension', 'info'),
};
