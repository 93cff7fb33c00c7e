// The simulated kernel: devices, open/close (mediated recovery on and off),
// reset, firmware error events, and VFIO_DEVICE_FEATURE requests (request.ts).
// Each operation returns a SimAnswer with a trace of what decided it.

import { encodeRecord, toHex, ValueDoesNotFit } from './bytes';
import { pecLabel, routeEvent } from './events';
import { PendingQueue } from './queue';
import { handleFeatureRequest } from './request';
import type { DeviceSpec, ErrorEvent, FeatureRequest, SimAnswer } from './types';
import type { SimUapi } from './uapi';

export interface SimDevice {
  spec: DeviceSpec;
  openCount: number;
  mediatedRecovery: boolean;
  queue: PendingQueue<Uint8Array>;
  /** The platform holds the function in the error state after a rejected DMA (inject) until a reset. */
  functionError: boolean;
}

export class SimKernel {
  readonly devices = new Map<string, SimDevice>();

  constructor(
    readonly uapi: SimUapi,
    devices: DeviceSpec[],
    /** false models a kernel where zPCI is not enabled: no event is stored. */
    readonly zpciEnabled = true,
  ) {
    for (const spec of devices)
      this.devices.set(spec.name, {
        spec,
        openCount: 0,
        mediatedRecovery: false,
        queue: new PendingQueue(),
        functionError: false,
      });
  }

  open(name: string, kvmRegistrationFails = false): SimAnswer {
    const dev = this.device(name);
    const trace: string[] = [];
    dev.openCount++;
    if (dev.openCount === 1 && dev.functionError) {
      dev.functionError = false;
      trace.push('first open: vfio-pci resets the function, which leaves the error state');
    }
    if (dev.openCount === 1 && dev.spec.zpci) {
      dev.mediatedRecovery = !kvmRegistrationFails;
      trace.push(
        kvmRegistrationFails
          ? 'first open: mediated recovery on, KVM registration failed: off again'
          : 'first open: mediated recovery on',
      );
    } else
      trace.push(
        dev.spec.zpci ? `open #${dev.openCount}: no change` : 'not a zPCI function: no mediated recovery',
      );
    return info('open', 'open', trace, this.state(dev));
  }

  close(name: string): SimAnswer {
    const dev = this.device(name);
    if (dev.openCount === 0)
      return info('close', 'close', ['device is not open: nothing to do'], this.state(dev));
    dev.openCount--;
    const trace: string[] = [];
    if (dev.openCount === 0 && dev.spec.zpci) {
      const unhandled = dev.queue.count;
      dev.mediatedRecovery = false;
      dev.queue.clear();
      trace.push(
        `last close: mediated recovery off, queue zeroed${unhandled ? ` (${unhandled} unhandled event${unhandled > 1 ? 's' : ''} logged)` : ''}`,
      );
      const fields = this.state(dev);
      fields.unhandled = unhandled;
      return info('close', 'close', trace, fields);
    }
    trace.push(`close: ${dev.openCount} still open`);
    return info('close', 'close', trace, this.state(dev));
  }

  reset(name: string): SimAnswer {
    const dev = this.device(name);
    const trace = [`VFIO_DEVICE_RESET: the pending queue is not touched (${dev.queue.count} pending)`];
    if (dev.functionError) trace.push('the function leaves the error state');
    dev.functionError = false;
    return info('reset', 'reset', trace, this.state(dev));
  }

  /** A firmware error event for the function whose fid the CCDF names. */
  event(event: ErrorEvent): SimAnswer {
    const fid = event.ccdf.fid ?? 0n;
    const fh = event.ccdf.fh ?? 0n;
    const pec = Number(event.ccdf.pec ?? 0n);
    const trace = [`firmware error event, PEC ${pecLabel(pec)}, fid ${hex(fid)}, fh ${hex(fh)}`];
    if (!this.zpciEnabled) return dropped(trace, 'zPCI is not enabled: not stored');
    const dev = [...this.devices.values()].find((d) => d.spec.zpci && BigInt(d.spec.fid) === fid);
    if (!dev) return dropped(trace, `no zPCI function with fid ${hex(fid)}: not stored`);
    const route = routeEvent(event, pec, fh);
    if (route.kind === 'dropped') return dropped(trace, route.reason, this.state(dev));
    let ccdf: Uint8Array;
    try {
      ccdf = encodeRecord(this.uapi.ccdf, this.uapi.abi.endian, event.ccdf);
    } catch (err) {
      if (!(err instanceof ValueDoesNotFit)) throw err;
      return dropped(trace, `${err.message}: not stored`, this.state(dev));
    }
    trace.push(
      `${route.path} path${route.stores === 2 ? ': driver asked to abort, so the event is stored a second time on the permanent-failure path' : ''}`,
    );
    let stored = 0;
    for (let i = 0; i < route.stores; i++) {
      if (!dev.mediatedRecovery) {
        trace.push(
          'not in mediated recovery (device not open): not stored (v20: -EINVAL); the host recovers the device itself',
        );
        break;
      }
      if (dev.queue.push(ccdf.slice())) stored++;
      else
        trace.push(
          'queue full (4): the new event is dropped with a warning (v20: -ENOMEM); the device still counts as handed to userspace',
        );
    }
    if (dev.mediatedRecovery && route.path !== 'permanent-failure')
      trace.push('mediated recovery: error eventfd signaled, host does no reset, recovery "in progress"');
    const fields = this.state(dev);
    fields.stored = stored;
    fields.path = route.path;
    const answer = info('event', `${route.path}`, trace, fields);
    answer.bytes = ccdf;
    return answer;
  }

  ioctl(name: string, request: FeatureRequest): SimAnswer {
    return handleFeatureRequest(this.uapi, this.device(name), request);
  }

  /** Throws only for a name the scenario loader already validated. */
  device(name: string): SimDevice {
    const dev = this.devices.get(name);
    if (!dev) throw new Error(`no device '${name}'`);
    return dev;
  }

  /** A fresh object each call: callers add their own fields to it. Not `{ ...this.state(dev), x }`:
   *  on Node 20 (V8 11.3) an object made by a spread and then given more properties is placed in
   *  the old generation, so one per step grew the heap until a full GC (issue 17). */
  state(dev: SimDevice): Record<string, number | boolean | string> {
    return {
      device: dev.spec.name,
      open: dev.openCount,
      mediated: dev.mediatedRecovery,
      pending: dev.queue.count,
      queue: dev.queue.peekAll().map(toHex).join(' '),
    };
  }
}

function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

function info(
  op: string,
  decidedBy: string,
  trace: string[],
  fields: Record<string, number | boolean | string>,
): SimAnswer {
  return {
    op,
    rc: 0,
    errno: null,
    kernelRc: 0,
    bytes: new Uint8Array(0),
    fields,
    decidedBy,
    trace,
    warnings: [],
  };
}

/** `state` is the caller's fresh object: `stored` is added to it (see state()). */
function dropped(
  trace: string[],
  reason: string,
  state: Record<string, number | boolean | string> = {},
): SimAnswer {
  trace.push(reason);
  state.stored = 0;
  return info('event', 'not stored', trace, state);
}
