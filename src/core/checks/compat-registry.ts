// The UAPI compatibility checks (src/core/compat), in the order their findings
// are listed: breaks first, then the compatible extensions as information.

import type { Check } from './types';
import { compatLayoutChanged } from './compat-layout-changed';
import { compatMemberChanged } from './compat-member-changed';
import { compatNumberChanged } from './compat-number-changed';
import { compatTypedefChanged } from './compat-typedef-changed';
import { compatRemoved } from './compat-removed';
import { compatExtension } from './compat-extension';

export const COMPAT_CHECKS: readonly Check[] = [
  compatLayoutChanged,
  compatMemberChanged,
  compatNumberChanged,
  compatTypedefChanged,
  compatRemoved,
  compatExtension,
];

export const COMPAT_CODES: readonly string[] = COMPAT_CHECKS.map((c) => c.id);
