// Scenario files: JSON that scripts open/close/reset/event/ioctl/info/inject steps with
// optional expectations (docs/scenario.schema.json). Loading validates every
// field and reports file, step index and cause; it never throws.

import type { DeviceSpec, FaultSpot, UapiGeneration } from './types';
import { parseNumber } from './uapi';
import { MAX_JSON_DEPTH } from '../limits';
import { jsonDeeperThan } from '../text/json-depth';

export interface Expectation {
  rc?: number;
  errno?: string | null;
  fields?: Record<string, number | string | boolean>;
  bytes?: string;
}

export type ScenarioStep =
  | { op: 'open'; device: string; kvmFails?: boolean; expect?: Expectation }
  | { op: 'close' | 'reset'; device: string; expect?: Expectation }
  | {
      op: 'event';
      device?: string;
      ccdf: Record<string, bigint>;
      abort?: boolean;
      refreshFails?: boolean;
      staleHandle?: boolean;
      noPciDev?: boolean;
      expect?: Expectation;
    }
  | {
      op: 'ioctl';
      device: string;
      flags: number | string;
      argsz: number;
      data?: number | null;
      fault?: FaultSpot;
      expect?: Expectation;
    }
  /** info: device info and the zPCI base capability. inject: a DMA at faddr that the s390 IOMMU rejects (test guests only). */
  | { op: 'info'; device: string; expect?: Expectation }
  | { op: 'inject'; device: string; faddr: bigint; expect?: Expectation };

export interface Scenario {
  file: string;
  description?: string;
  uapi?: UapiGeneration;
  zpciEnabled: boolean;
  devices: DeviceSpec[];
  steps: ScenarioStep[];
}

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; error: string };

const CCDF_KEYS = [
  'fh',
  'fid',
  'ett',
  'mvn',
  'dmaas',
  'q',
  'rw',
  'faddr',
  'pec',
  'reserved1',
  'reserved2',
  'reserved3',
  'reserved4',
];
const DEFAULT_DEVICE: DeviceSpec = {
  name: 'zpci0',
  zpci: true,
  fh: 0x8000001,
  fid: 0x1,
  address: '0000:00:00.0',
  driver: 'vfio-pci',
};

class ScenarioError extends Error {}

/** Parses scenario text; `file` names it in errors. */
export function parseScenario(text: string, file: string): ScenarioResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // V8 quotes the text's first bytes ("root:x:0:0"...): a file that is no scenario is not echoed.
    const why = (err as Error).message.replace(/, [\s\S]* is not valid JSON$/, '');
    return { ok: false, error: `${file}: not valid JSON: ${why}` };
  }
  // Measured before anything walks or quotes it: a value 10^5 deep overflowed the stack in JSON.stringify.
  if (jsonDeeperThan(raw, MAX_JSON_DEPTH))
    return {
      ok: false,
      error: `${file}: the JSON nests deeper than ${MAX_JSON_DEPTH} levels: not a scenario`,
    };
  try {
    return { ok: true, scenario: toScenario(raw, file) };
  } catch (err) {
    if (err instanceof ScenarioError) return { ok: false, error: `${file}: ${err.message}` };
    return { ok: false, error: `${file}: ${String(err)}` };
  }
}

function toScenario(raw: unknown, file: string): Scenario {
  const top = obj(raw, 'the scenario');
  allowKeys(top, ['$schema', 'description', 'uapi', 'zpciEnabled', 'devices', 'steps'], 'the scenario');
  const uapi = top.uapi;
  if (uapi !== undefined && uapi !== 'v13' && uapi !== 'v7.3')
    throw new ScenarioError(`'uapi' must be "v13" or "v7.3", not ${JSON.stringify(uapi)}`);
  const devices =
    top.devices === undefined
      ? [DEFAULT_DEVICE]
      : arr(top.devices, 'devices').map((d, i) => toDevice(d, `devices[${i}]`));
  const names = new Set(devices.map((d) => d.name));
  if (names.size !== devices.length) throw new ScenarioError('devices: two devices have the same name');
  const steps = arr(top.steps, 'steps').map((s, i) => {
    try {
      return toStep(s, names, devices[0].name);
    } catch (err) {
      if (err instanceof ScenarioError) throw new ScenarioError(`step ${i}: ${err.message}`);
      throw err;
    }
  });
  const description = top.description === undefined ? undefined : str(top.description, 'description');
  return {
    file,
    description,
    uapi,
    zpciEnabled: top.zpciEnabled === undefined ? true : bool(top.zpciEnabled, 'zpciEnabled'),
    devices,
    steps,
  };
}

function toDevice(raw: unknown, where: string): DeviceSpec {
  const o = obj(raw, where);
  allowKeys(
    o,
    [
      'name',
      'zpci',
      'fh',
      'fid',
      'address',
      'driver',
      'legacyNoOpErrno',
      'kernelWithoutZpci',
      'unboundCdev',
      'resumeFails',
      'startDma',
      'endDma',
      'testGuest',
    ],
    where,
  );
  const driver = o.driver ?? 'vfio-pci';
  if (driver !== 'vfio-pci' && driver !== 'no-feature-op')
    throw new ScenarioError(`${where}.driver must be "vfio-pci" or "no-feature-op"`);
  const flagOf = (k: string) => (o[k] === undefined ? undefined : bool(o[k], `${where}.${k}`));
  return {
    name: str(o.name, `${where}.name`),
    zpci: o.zpci === undefined ? true : bool(o.zpci, `${where}.zpci`),
    fh: o.fh === undefined ? DEFAULT_DEVICE.fh : Number(u32(o.fh, `${where}.fh`)),
    fid: o.fid === undefined ? DEFAULT_DEVICE.fid : Number(u32(o.fid, `${where}.fid`)),
    address: o.address === undefined ? DEFAULT_DEVICE.address : str(o.address, `${where}.address`),
    driver,
    legacyNoOpErrno: flagOf('legacyNoOpErrno'),
    kernelWithoutZpci: flagOf('kernelWithoutZpci'),
    unboundCdev: flagOf('unboundCdev'),
    resumeFails: flagOf('resumeFails'),
    startDma: o.startDma === undefined ? undefined : int(o.startDma, `${where}.startDma`),
    endDma: o.endDma === undefined ? undefined : int(o.endDma, `${where}.endDma`),
    testGuest: flagOf('testGuest'),
  };
}

function toStep(raw: unknown, names: Set<string>, first: string): ScenarioStep {
  const o = obj(raw, 'the step');
  const op = o.op;
  const device = o.device === undefined ? first : str(o.device, 'device');
  if (!names.has(device)) throw new ScenarioError(`unknown device '${device}'`);
  const expect = o.expect === undefined ? undefined : toExpect(o.expect);
  const base = ['op', 'device', 'expect', 'comment'];
  if (op === 'open') {
    allowKeys(o, [...base, 'kvmFails'], 'open');
    return {
      op,
      device,
      kvmFails: o.kvmFails === undefined ? undefined : bool(o.kvmFails, 'kvmFails'),
      expect,
    };
  }
  if (op === 'close' || op === 'reset' || op === 'info') {
    allowKeys(o, base, op);
    return { op, device, expect };
  }
  if (op === 'inject') {
    allowKeys(o, [...base, 'faddr'], 'inject');
    if (o.faddr === undefined)
      throw new ScenarioError("inject needs 'faddr' (the DMA address the device is sent to)");
    const faddr = int(o.faddr, 'faddr');
    if (faddr < 2n)
      throw new ScenarioError(
        "inject: 'faddr' must be at least 2 (the probe puts the device's ring 2 bytes below it)",
      );
    return { op, device, faddr, expect };
  }
  if (op === 'event') {
    allowKeys(o, [...base, ...CCDF_KEYS, 'abort', 'refreshFails', 'staleHandle', 'noPciDev'], 'event');
    const ccdf: Record<string, bigint> = {};
    for (const k of CCDF_KEYS)
      if (o[k] !== undefined) ccdf[k] = k === 'fh' || k === 'fid' ? u32(o[k], k) : int(o[k], k);
    const opt = (k: string) => (o[k] === undefined ? undefined : bool(o[k], k));
    return {
      op,
      device: o.device === undefined ? undefined : device,
      ccdf,
      abort: opt('abort'),
      refreshFails: opt('refreshFails'),
      staleHandle: opt('staleHandle'),
      noPciDev: opt('noPciDev'),
      expect,
    };
  }
  if (op === 'ioctl') return toIoctl(o, device, expect, base);
  throw new ScenarioError(
    `'op' must be one of open, close, reset, event, ioctl, info, inject, not ${JSON.stringify(op)}`,
  );
}

function toIoctl(
  o: Record<string, unknown>,
  device: string,
  expect: Expectation | undefined,
  base: string[],
): ScenarioStep {
  allowKeys(o, [...base, 'flags', 'argsz', 'data', 'fault'], 'ioctl');
  if (typeof o.flags !== 'number' && typeof o.flags !== 'string')
    throw new ScenarioError("ioctl needs 'flags' (a number or names joined by '|')");
  if (o.argsz === undefined) throw new ScenarioError("ioctl needs 'argsz'");
  const argsz = Number(int(o.argsz, 'argsz'));
  if (argsz > 0xffffffff) throw new ScenarioError('argsz does not fit in __u32');
  const data = o.data === undefined ? undefined : Number(int(o.data, 'data'));
  const f = o.fault;
  if (f !== undefined && f !== true && f !== false && f !== 'header' && f !== 'payload' && f !== 'buffer')
    throw new ScenarioError(`'fault' must be true, "header", "payload" or "buffer"`);
  const fault: FaultSpot | undefined = f === true ? 'buffer' : f === false ? undefined : f;
  return { op: 'ioctl', device, flags: o.flags, argsz, data: data === 0 ? null : data, fault, expect };
}

function toExpect(raw: unknown): Expectation {
  const o = obj(raw, 'expect');
  allowKeys(o, ['rc', 'errno', 'fields', 'bytes'], 'expect');
  const out: Expectation = {};
  if (o.rc !== undefined) out.rc = typeof o.rc === 'number' ? o.rc : fail('expect.rc must be a number');
  if (o.errno !== undefined) out.errno = o.errno === null ? null : str(o.errno, 'expect.errno');
  if (o.bytes !== undefined) out.bytes = str(o.bytes, 'expect.bytes').toLowerCase().replace(/\s+/g, '');
  if (o.fields !== undefined) {
    const fields = obj(o.fields, 'expect.fields');
    for (const [k, v] of Object.entries(fields))
      if (!['number', 'string', 'boolean'].includes(typeof v))
        fail(`expect.fields.${k} must be a number, string or boolean`);
    out.fields = fields as Record<string, number | string | boolean>;
  }
  return out;
}

function fail(message: string): never {
  throw new ScenarioError(message);
}

function obj(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${where} must be an object`);
  return v as Record<string, unknown>;
}

function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) fail(`'${where}' must be an array`);
  return v;
}

function str(v: unknown, where: string): string {
  return typeof v === 'string' ? v : fail(`'${where}' must be a string`);
}

function bool(v: unknown, where: string): boolean {
  return typeof v === 'boolean' ? v : fail(`'${where}' must be true or false`);
}

/** A non-negative integer given as a JSON number or a decimal/0x string, up to 64 bits. */
function int(v: unknown, where: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string') {
    if (/^0x[0-9a-f]{1,16}$/i.test(v) || /^[0-9]{1,20}$/.test(v)) {
      const b = BigInt(v);
      if (b <= 0xffffffffffffffffn) return b;
    }
    if (parseNumber(v) === undefined)
      fail(`'${where}' must be a non-negative integer (number or "0x..." string), not ${JSON.stringify(v)}`);
  }
  return fail(
    `'${where}' must be a non-negative integer (number or "0x..." string), not ${JSON.stringify(v)}`,
  );
}

/** fh and fid are 32-bit in the CCDF and in the kernel: a wider value is an error, not cut to 0. */
function u32(v: unknown, where: string): bigint {
  const n = int(v, where);
  if (n > 0xffffffffn) fail(`'${where}' is a 32-bit value; 0x${n.toString(16)} does not fit`);
  return n;
}

function allowKeys(o: Record<string, unknown>, keys: string[], where: string): void {
  for (const k of Object.keys(o))
    if (!keys.includes(k)) fail(`${where}: unknown key '${k}' (allowed: ${keys.join(', ')})`);
}
