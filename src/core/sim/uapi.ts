// What the simulator reads from the header in front of the user: which uAPI
// generation its struct vfio_device_feature_zpci_err has, the struct's layout
// on s390x, the feature numbers and flag bits, and the CCDF layout.

import { getAbi } from '../abi/index';
import type { AbiSpec } from '../abi/types';
import type { RecordLayout } from '../layout/types';
import { buildHeaderModel, type HeaderModel } from '../model/header-model';
import type { FileHost } from '../host/types';
import { BUILTIN_PATHS, builtinHost } from './headers';
import type { UapiGeneration } from './types';

export interface SimUapi {
  generation: UapiGeneration;
  /** How the generation was chosen (`from the header's struct`, `overridden`). */
  generationSource: string;
  abi: AbiSpec;
  zpciErr: RecordLayout;
  ccdf: RecordLayout;
  /** VFIO_DEVICE_FEATURE_* values by short name (GET, SET, PROBE, MASK, ZPCI_ERROR, MIGRATION, ...). */
  features: Map<string, number>;
  headerFile: string;
}

export type UapiResult = { ok: true; uapi: SimUapi } | { ok: false; error: string };

export interface LoadUapiOptions {
  /** The user's header; the built-in header of `override` (or v7.3) when absent. */
  header?: string;
  includeDirs?: string[];
  /** Forces a generation; `auto` (default) reads it from the struct. */
  override?: UapiGeneration | 'auto';
  host?: FileHost;
}

import { MAX_SIM_RECORD_BYTES as MAX_RECORD_BYTES } from '../limits';

/** The largest struct the simulator lays out in bytes (the real one is under 100 bytes): a
 *  header declaring a 256 MiB struct would otherwise allocate it per answer (issue 15). */
export { MAX_RECORD_BYTES };

const REQUIRED_FLAGS = ['GET', 'SET', 'PROBE', 'MASK', 'ZPCI_ERROR'];

/** Builds the s390x model of the header and of the CCDF struct; errors are returned, never thrown. */
export async function loadUapi(options: LoadUapiOptions): Promise<UapiResult> {
  const abi = getAbi('s390x') as AbiSpec;
  const override = options.override ?? 'auto';
  const file = options.header ?? BUILTIN_PATHS[override === 'auto' ? 'v7.3' : override];
  const host = options.header ? options.host : builtinHost;
  const model = await buildHeaderModel({ files: [file], includeDirs: options.includeDirs, abi, host });
  const ccdfModel = await buildHeaderModel({ files: [BUILTIN_PATHS.ccdf], abi, host: builtinHost });
  const ccdf = ccdfModel.record('zpci_ccdf_err');
  if (!ccdf || ccdf.size !== 32)
    return { ok: false, error: 'internal: the built-in struct zpci_ccdf_err is not 32 bytes' };
  const zpciErr = model.record('vfio_device_feature_zpci_err');
  if (!zpciErr)
    return {
      ok: false,
      error: `${file}: no struct vfio_device_feature_zpci_err (does the header have the ZPCI_ERROR feature?)${firstError(model)}`,
    };
  if (zpciErr.size > MAX_RECORD_BYTES) {
    return {
      ok: false,
      error: `${file}: struct vfio_device_feature_zpci_err is ${zpciErr.size} bytes on s390x; the simulator handles records of at most ${MAX_RECORD_BYTES} bytes`,
    };
  }
  const detected = detectGeneration(zpciErr);
  const generation = override === 'auto' ? detected : override;
  if (!generation)
    return {
      ok: false,
      error: `${file}: struct vfio_device_feature_zpci_err has neither a 'data' member (v7.3) nor 'pending_errors' and 'pec' (v13)`,
    };
  const features = featureNumbers(model);
  const missing = REQUIRED_FLAGS.filter((n) => !features.has(n));
  if (missing.length)
    return {
      ok: false,
      error: `${file}: no value for ${missing.map((n) => `VFIO_DEVICE_FEATURE_${n}`).join(', ')}`,
    };
  const generationSource =
    override === 'auto'
      ? 'from the struct in the header'
      : detected === override
        ? 'set, and matches the header'
        : `set to ${override} (the header's struct looks like ${detected ?? 'neither'})`;
  return { ok: true, uapi: { generation, generationSource, abi, zpciErr, ccdf, features, headerFile: file } };
}

/** `data` member: the pointer form; `pending_errors` + `pec`: the inline form. */
export function detectGeneration(layout: RecordLayout): UapiGeneration | undefined {
  const names = new Set(layout.fields.map((f) => f.name));
  if (names.has('data')) return 'v7.3';
  if (names.has('pending_errors') && names.has('pec')) return 'v13';
  return undefined;
}

function featureNumbers(model: HeaderModel): Map<string, number> {
  const out = new Map<string, number>();
  const prefix = 'VFIO_DEVICE_FEATURE_';
  for (const name of model.defines.names()) {
    if (!name.startsWith(prefix)) continue;
    const value = model.defines.get(name)?.value;
    if (value !== undefined && value >= 0n && value <= 0xffffffffn)
      out.set(name.slice(prefix.length), Number(value));
  }
  return out;
}

function firstError(model: HeaderModel): string {
  const d = model.diagnostics.find((x) => x.severity === 'error');
  return d ? ` (${d.message})` : '';
}

/** `GET|ZPCI_ERROR`, `PROBE|13`, `0x1000d`, `VFIO_DEVICE_FEATURE_GET|...` -> a number, or an error. */
export function parseFlags(
  spec: number | string,
  features: Map<string, number>,
): { value: number } | { error: string } {
  if (typeof spec === 'number')
    return Number.isInteger(spec) && spec >= 0 && spec <= 0xffffffff
      ? { value: spec }
      : { error: `flags ${spec} is not a 32-bit unsigned integer` };
  let value = 0;
  for (const raw of spec.split('|')) {
    const part = raw.trim();
    const n = parseNumber(part);
    const name = part.replace(/^VFIO_DEVICE_FEATURE_/, '');
    const v = n ?? features.get(name);
    if (v === undefined || v > 0xffffffff)
      return { error: `unknown flag '${part}' (known: numbers and ${[...features.keys()].join(', ')})` };
    value = (value | v) >>> 0;
  }
  return { value };
}

/** Decimal or 0x-hex non-negative integer text, else undefined. */
export function parseNumber(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text) || /^[0-9]+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}
