// Every check kpw runs, in the order their findings are listed. Codes are
// stable: users and CI filter on them (docs/checks/<code>.md describes each).

import type { Check } from './types';
import { uapiImplicitHole } from './uapi-implicit-hole';
import { uapiTrailingPadding } from './uapi-trailing-padding';
import { uapiAbiDivergentLayout } from './uapi-abi-divergent-layout';
import { uapiNonFixedWidthType } from './uapi-non-fixed-width-type';
import { uapiBitfield } from './uapi-bitfield';
import { uapiUnalignedU64 } from './uapi-unaligned-u64';
import { uapiVersionWithoutPolicy } from './uapi-version-without-policy';
import { featureNumberDuplicate } from './feature-number-duplicate';
import { featureNumberNotNext } from './feature-number-not-next';
import { featureNotDispatched } from './feature-not-dispatched';
import { featureMinszMismatch } from './feature-minsz-mismatch';
import { ioctlNumberDuplicate } from './ioctl-number-duplicate';
import { COMPAT_CHECKS } from './compat-registry';

export const CHECKS: readonly Check[] = [
  uapiImplicitHole,
  uapiTrailingPadding,
  uapiAbiDivergentLayout,
  uapiNonFixedWidthType,
  uapiBitfield,
  uapiUnalignedU64,
  uapiVersionWithoutPolicy,
  featureNumberDuplicate,
  featureNumberNotNext,
  featureNotDispatched,
  featureMinszMismatch,
  ioctlNumberDuplicate,
  ...COMPAT_CHECKS,
];

export const CHECK_CODES: readonly string[] = CHECKS.map((c) => c.id);

/** The code of the diagnostic reporting a check that crashed. */
export const CHECK_INTERNAL_ERROR = 'check-internal-error';

export function getCheck(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}
