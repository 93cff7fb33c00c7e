// Shared shapes of the zPCI error simulator: devices, events, requests and the
// answer every step produces. Transport-neutral: a real s390x target answers
// with the same shape, so scenarios run unchanged against either.

/** The two uAPI generations: the v13 seed patch's inline struct, and the merged
 *  (v20, Linux v7.3) form whose `data` member points to a 32-byte CCDF buffer. */
export type UapiGeneration = 'v13' | 'v7.3';

export type ErrnoName =
  'EINVAL' | 'EFAULT' | 'ENOTTY' | 'ENODEV' | 'ENOMSG' | 'EIO' | 'ENOMEM' | 'EBADF' | 'EPERM';

export const ERRNO: Record<ErrnoName, number> = {
  EPERM: 1,
  EIO: 5,
  EBADF: 9,
  ENOMEM: 12,
  EFAULT: 14,
  ENODEV: 19,
  EINVAL: 22,
  ENOTTY: 25,
  ENOMSG: 42,
};

export interface DeviceSpec {
  name: string;
  /** A zPCI function (has fh/fid); false for any other vfio-pci device. */
  zpci: boolean;
  fh: number;
  fid: number;
  /** PCI address, `dddd:bb:dd.f`. */
  address: string;
  /** `vfio-pci` has the device_feature op; `no-feature-op` models a vfio driver without it. */
  driver: 'vfio-pci' | 'no-feature-op';
  /** Before upstream commit 16df67f2189a a driver without the op answered EINVAL, not ENOTTY. */
  legacyNoOpErrno?: boolean;
  /** The kernel was built without zPCI support: the feature handler is a stub answering ENOTTY. */
  kernelWithoutZpci?: boolean;
  /** A cdev fd not yet bound to iommufd (EINVAL before any check). */
  unboundCdev?: boolean;
  /** Runtime resume of the device fails (EIO before any check). */
  resumeFails?: boolean;
  /** The function's DMA aperture (zPCI base capability start_dma/end_dma); `inject` compares against it. */
  startDma?: bigint;
  endDma?: bigint;
  /** The machine is marked as a test guest (/etc/kpw-test-guest): `inject` is allowed. Default true in the model. */
  testGuest?: boolean;
}

/** A firmware error event: the CCDF field values plus what can go wrong on the way. */
export interface ErrorEvent {
  /** Fields of struct zpci_ccdf_err by name (fh, fid, ett, mvn, dmaas, q, rw, faddr, pec, ...). */
  ccdf: Record<string, bigint>;
  /** The driver's error_detected asks to abort (recovery path goes on to permanent failure). */
  abort?: boolean;
  refreshFails?: boolean;
  staleHandle?: boolean;
  noPciDev?: boolean;
}

export type FaultSpot = 'header' | 'payload' | 'buffer';

/** One VFIO_DEVICE_FEATURE request as userspace builds it. */
export interface FeatureRequest {
  flags: number;
  argsz: number;
  /** v7.3: the value of `data` (0 = null pointer) is modeled by `dataLength`: null means pointer 0. */
  dataLength?: number | null;
  /** Which user memory faults: the 8-byte header, the inline payload / `data` struct, or the v7.3 buffer. */
  fault?: FaultSpot;
}

/** What every step returns. `rc` is ioctl(2)'s return as userspace sees it (0 or -1). */
export interface SimAnswer {
  op: string;
  rc: number;
  errno: ErrnoName | null;
  /** The kernel's own return value (0 or -errno). */
  kernelRc: number;
  /** Bytes the kernel wrote to user memory. */
  bytes: Uint8Array;
  /** Decoded fields of those bytes, or facts of a non-ioctl step. */
  fields: Record<string, number | string | boolean>;
  /** Which check decided the answer (`step 2: argsz < 8`). */
  decidedBy: string;
  trace: string[];
  warnings: string[];
}
