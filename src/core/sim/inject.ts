// The simulator's side of the `info` and `inject` steps, modeled on what the
// test guest does: QEMU's emulated s390 IOMMU rejects a device DMA below the
// aperture (PEC 0x2) or unmapped inside it (0x4), raises a firmware error event
// for the function and holds the function in the error state until a reset.

import type { SimDevice, SimKernel } from './kernel';
import type { ErrnoName, SimAnswer } from './types';
import { pushAll } from '../text/push-all';

/** The aperture of the test guest's function (512 MB of guest memory): start_dma/end_dma. */
export const DEFAULT_START_DMA = 0x100000000n;
export const DEFAULT_END_DMA = 0x11fffffffn;

const PEC_OUT_OF_RANGE = 0x2;
const PEC_TRANSLATION_PROTECTION = 0x4;

/** The PEC QEMU raises for a DMA at `faddr`, or 0 when the access misses the IOMMU region (above it). */
export function pecForAddress(faddr: bigint, start: bigint, end: bigint): number {
  if (faddr < start) return PEC_OUT_OF_RANGE;
  return faddr <= end ? PEC_TRANSLATION_PROTECTION : 0;
}

export function simInfo(kernel: SimKernel, dev: SimDevice): SimAnswer {
  if (dev.openCount === 0) return refused('info', 'EBADF', 'info: the device is not open');
  const fields: Record<string, number | string | boolean> = { testGuest: dev.spec.testGuest ?? true };
  if (dev.spec.zpci) {
    const v73 = kernel.uapi.generation === 'v7.3';
    Object.assign(fields, {
      zpciBaseVersion: v73 ? 3 : 2,
      startDma: hex(dev.spec.startDma ?? DEFAULT_START_DMA),
      endDma: hex(dev.spec.endDma ?? DEFAULT_END_DMA),
      fh: dev.spec.fh,
      fid: dev.spec.fid,
    });
    if (v73) fields.ccdfErrLength = 32;
  }
  const trace = [
    dev.spec.zpci
      ? `zPCI base capability version ${String(fields.zpciBaseVersion)}${fields.ccdfErrLength ? ', ccdf_err_length 32' : ''}`
      : 'not a zPCI function: no zPCI capabilities',
  ];
  return {
    op: 'info',
    rc: 0,
    errno: null,
    kernelRc: 0,
    bytes: new Uint8Array(0),
    fields,
    decidedBy: 'device info',
    trace,
    warnings: [],
  };
}

export function simInject(kernel: SimKernel, dev: SimDevice, faddr: bigint): SimAnswer {
  if (dev.spec.testGuest === false)
    return refused(
      'inject',
      'EPERM',
      'refused: the target is not marked as a test guest (/etc/kpw-test-guest)',
    );
  if (dev.openCount === 0) return refused('inject', 'EBADF', 'inject: the device is not open through VFIO');
  if (!dev.spec.zpci)
    return refused('inject', 'ENODEV', 'inject: not a zPCI function: no s390 IOMMU to reject the DMA');
  const start = dev.spec.startDma ?? DEFAULT_START_DMA;
  const end = dev.spec.endDma ?? DEFAULT_END_DMA;
  const pec = pecForAddress(faddr, start, end);
  if (dev.functionError) {
    const answer = refused(
      'inject',
      'ENODEV',
      'inject: the function does not answer config reads: it is in the error state after an earlier error; reset it first',
    );
    answer.fields = { faddr: hex(faddr), expectedPec: pec };
    return answer;
  }
  const fields: Record<string, number | string | boolean> = {
    faddr: hex(faddr),
    expectedPec: pec,
    raised: false,
  };
  const trace = [`device DMA at ${hex(faddr)}, aperture ${hex(start)}-${hex(end)}`];
  if (pec === 0) {
    trace.push('above the aperture: the access misses the IOMMU region, nothing is raised');
    return {
      op: 'inject',
      rc: 0,
      errno: null,
      kernelRc: 0,
      bytes: new Uint8Array(0),
      fields,
      decidedBy: 'no error event',
      trace,
      warnings: [],
    };
  }
  dev.functionError = true;
  trace.push(`the s390 IOMMU rejects it: PEC 0x${pec.toString(16)}, the function enters the error state`);
  const event = kernel.event({
    ccdf: { fh: BigInt(dev.spec.fh), fid: BigInt(dev.spec.fid), faddr, pec: BigInt(pec) },
  });
  pushAll(trace, event.trace);
  // The kernel tells the driver (error eventfd) whenever the event reached the recovery path.
  fields.raised = event.decidedBy !== 'not stored';
  return {
    op: 'inject',
    rc: 0,
    errno: null,
    kernelRc: 0,
    bytes: event.bytes,
    fields,
    decidedBy: fields.raised ? 'error event raised' : 'error event not stored',
    trace,
    warnings: [],
  };
}

function refused(op: string, errno: ErrnoName, why: string): SimAnswer {
  const codes: Record<string, number> = { EBADF: 9, EPERM: 1, ENODEV: 19 };
  return {
    op,
    rc: -1,
    errno,
    kernelRc: -(codes[errno] ?? 0),
    bytes: new Uint8Array(0),
    fields: {},
    decidedBy: why,
    trace: [why],
    warnings: [],
  };
}

function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}
