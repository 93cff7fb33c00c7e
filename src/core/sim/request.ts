// One VFIO_DEVICE_FEATURE request through the kernel's checks in their order
// (reference page section 2, steps 1-9). The first check that answers decides;
// the trace lists every check passed on the way.

import { decodeRecord, encodeRecord } from './bytes';
import type { SimDevice } from './kernel';
import { ERRNO, type ErrnoName, type FeatureRequest, type SimAnswer } from './types';
import type { SimUapi } from './uapi';

const CORE_FEATURES = [
  'MIGRATION',
  'MIG_DEVICE_STATE',
  'DMA_LOGGING_START',
  'DMA_LOGGING_STOP',
  'DMA_LOGGING_REPORT',
  'MIG_DATA_SIZE',
];
/** sizeof(struct vfio_device_feature): argsz and flags, before the feature's data. */
export const FEATURE_HEADER_SIZE = 8;
const HEADER_SIZE = FEATURE_HEADER_SIZE;
const CCDF_SIZE = 32;

export function handleFeatureRequest(uapi: SimUapi, dev: SimDevice, req: FeatureRequest): SimAnswer {
  const f = (name: string) => uapi.features.get(name) as number;
  const trace: string[] = [
    `VFIO_DEVICE_FEATURE flags 0x${req.flags.toString(16)} argsz ${req.argsz} on ${dev.spec.name} (${uapi.generation})`,
  ];
  const fail = (errno: ErrnoName, by: string) => answer(trace, by, errno);
  if (dev.spec.unboundCdev) return fail('EINVAL', 'device fd: cdev not bound to iommufd');
  if (dev.spec.resumeFails) return fail('EIO', 'device fd: runtime resume failed');
  if (req.fault === 'header') return fail('EFAULT', 'step 1: reading the 8-byte header faulted');
  trace.push('step 1: header read');
  if (req.argsz < HEADER_SIZE) return fail('EINVAL', `step 2: argsz ${req.argsz} < 8`);
  const known = (f('MASK') | f('GET') | f('SET') | f('PROBE')) >>> 0;
  const unknownBits = (req.flags & ~known) >>> 0;
  if (unknownBits) return fail('EINVAL', `step 3: unknown flag bits 0x${unknownBits.toString(16)}`);
  const has = (name: string) => (req.flags & f(name)) !== 0;
  if (has('GET') && has('SET') && !has('PROBE')) return fail('EINVAL', 'step 4: GET and SET without PROBE');
  trace.push('steps 2-4: argsz and flags accepted');
  const index = req.flags & f('MASK');
  const core = CORE_FEATURES.find((n) => uapi.features.get(n) === index);
  if (core) {
    trace.push(`step 5: ${core} is a core feature handled in vfio_main.c`);
    return withWarning(
      fail(
        'ENOTTY',
        `step 5: core feature ${core}: the simulated device has no migration or DMA-logging support`,
      ),
      'core features are not modeled beyond "not supported"',
    );
  }
  if (dev.spec.driver === 'no-feature-op')
    return fail(
      dev.spec.legacyNoOpErrno ? 'EINVAL' : 'ENOTTY',
      `step 5: driver has no device_feature op${dev.spec.legacyNoOpErrno ? ' (before commit 16df67f2189a: EINVAL)' : ''}`,
    );
  trace.push(`step 5: index ${index} goes to the driver with data size ${req.argsz - HEADER_SIZE}`);
  if (index !== f('ZPCI_ERROR')) {
    const name = [...uapi.features].find(([, v]) => v === index)?.[0];
    const a = fail('ENOTTY', `step 6: vfio-pci: index ${index}${name ? ` (${name})` : ''} is not ZPCI_ERROR`);
    return name
      ? withWarning(a, `vfio-pci's handling of ${name} is not modeled; a real kernel may answer otherwise`)
      : a;
  }
  if (dev.spec.kernelWithoutZpci)
    return fail('ENOTTY', 'step 6: kernel built without zPCI support: stub handler');
  trace.push('step 6: ZPCI_ERROR handler');
  if (!dev.spec.zpci) return fail('ENODEV', 'step 7: not a zPCI function');
  trace.push('step 7: zPCI function');
  if (has('SET')) return fail('EINVAL', 'step 8: SET is not supported');
  if (has('PROBE')) return answer(trace, 'step 8: PROBE: supported, nothing copied');
  if (!has('GET')) return fail('EINVAL', 'step 8: neither GET nor SET');
  const size = uapi.zpciErr.size;
  if (req.argsz - HEADER_SIZE < size)
    return fail(
      'EINVAL',
      `step 8: data size ${req.argsz - HEADER_SIZE} < ${size} (sizeof struct vfio_device_feature_zpci_err)`,
    );
  trace.push('step 8: GET with enough data');
  return uapi.generation === 'v13' ? readInline(uapi, dev, req, trace) : readPointer(uapi, dev, req, trace);
}

/** v13: dequeue (maybe nothing), fill {version 1, pending, pec}, copy the struct into data[]. */
function readInline(uapi: SimUapi, dev: SimDevice, req: FeatureRequest, trace: string[]): SimAnswer {
  const ccdf = dev.queue.shift();
  const pec = ccdf ? decodeRecord(uapi.ccdf, uapi.abi.endian, ccdf).pec : 0n;
  const values = { version: 1n, pending_errors: BigInt(dev.queue.count), pec };
  trace.push(
    ccdf
      ? `step 9: dequeued one event, ${dev.queue.count} left`
      : 'step 9: queue empty: version 1, everything else 0',
  );
  if (req.fault === 'payload' || req.fault === 'buffer')
    return answer(
      trace,
      `step 9: copying the ${uapi.zpciErr.size} bytes to data faulted${ccdf ? ' (the dequeued event is lost)' : ''}`,
      'EFAULT',
    );
  const bytes = encodeRecord(uapi.zpciErr, uapi.abi.endian, values);
  return answer(
    trace,
    ccdf ? 'step 9: one event copied' : 'step 9: nothing pending',
    null,
    bytes,
    numbers(decodeRecord(uapi.zpciErr, uapi.abi.endian, bytes)),
  );
}

/** v7.3: read the struct, check the pointer, dequeue, copy the raw 32-byte CCDF to it. */
function readPointer(uapi: SimUapi, dev: SimDevice, req: FeatureRequest, trace: string[]): SimAnswer {
  if (req.fault === 'payload')
    return answer(trace, 'step 9: reading struct vfio_device_feature_zpci_err faulted', 'EFAULT');
  if (req.dataLength === null) return answer(trace, 'step 9: data pointer is 0', 'EINVAL');
  const ccdf = dev.queue.shift();
  if (!ccdf) return answer(trace, 'step 9: queue empty', 'ENOMSG');
  trace.push(`step 9: dequeued one event, ${dev.queue.count} left`);
  if (req.fault === 'buffer')
    return answer(trace, 'step 9: copying the CCDF to the user buffer faulted: the event is lost', 'EFAULT');
  const a = answer(
    trace,
    'step 9: CCDF copied',
    null,
    ccdf,
    numbers(decodeRecord(uapi.ccdf, uapi.abi.endian, ccdf)),
  );
  const length = req.dataLength ?? CCDF_SIZE;
  if (length < CCDF_SIZE)
    a.warnings.push(
      `the kernel writes ${CCDF_SIZE} bytes into a ${length}-byte buffer: on a real target this overruns it`,
    );
  return a;
}

function answer(
  trace: string[],
  decidedBy: string,
  errno: ErrnoName | null = null,
  bytes: Uint8Array = new Uint8Array(0),
  fields: Record<string, number | string> = {},
): SimAnswer {
  trace.push(`${decidedBy}: ${errno ? `-${errno}` : '0'}`);
  return {
    op: 'ioctl',
    rc: errno ? -1 : 0,
    errno,
    kernelRc: errno ? -ERRNO[errno] : 0,
    bytes,
    fields,
    decidedBy,
    trace,
    warnings: [],
  };
}

function withWarning(a: SimAnswer, warning: string): SimAnswer {
  a.warnings.push(warning);
  return a;
}

/** Field values as JSON-safe numbers (a u64 above 2^53 stays exact as a hex string). */
export function numbers(values: Record<string, bigint>): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(values))
    out[k] = v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : `0x${v.toString(16)}`;
  return out;
}
