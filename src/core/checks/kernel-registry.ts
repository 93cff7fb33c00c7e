// The kernel-side checks (rules on the C that implements a UAPI), in the order
// their findings are listed. Codes are stable; docs/checks/<code>.md each.

import type { KernelCheck } from '../kernel/types';
import { kernelCopyUninitialized } from './kernel-copy-uninitialized';
import { kernelDestructiveRead } from './kernel-destructive-read';
import { kernelEnotty } from './kernel-enotty';
import { kernelReservedUnchecked } from './kernel-reserved-unchecked';
import { kernelIoctlDirection } from './kernel-ioctl-direction';
import { kernelInbandSentinel } from './kernel-inband-sentinel';

export const KERNEL_CHECKS: readonly KernelCheck[] = [
  kernelCopyUninitialized,
  kernelDestructiveRead,
  kernelEnotty,
  kernelReservedUnchecked,
  kernelIoctlDirection,
  kernelInbandSentinel,
];

export const KERNEL_CODES: readonly string[] = KERNEL_CHECKS.map((c) => c.id);
