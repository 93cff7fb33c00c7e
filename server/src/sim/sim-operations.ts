// What kpw/sim/event, read, request and reset do to the session's kernel.
// Bad parameters come back as { ok: false, error }, never as exceptions.

import { parseFlags, type SimKernel, pecLabel } from '../../../src/core/api/index';
import type {
  SimAnswersResult,
  SimEventParams,
  SimReadParams,
  SimRequestParams,
  SimResetParams,
} from '../../../src/protocol/sim';
import type { SimSession } from './sim-session';

const HEADER_SIZE = 8;
const CCDF_SIZE = 32;

type Answers = SimAnswersResult;

function pickDevice(kernel: SimKernel, name: string | undefined): string | { error: string } {
  if (name === undefined)
    return [...kernel.devices.values()].find((d) => d.spec.zpci)?.spec.name ?? [...kernel.devices.keys()][0];
  return kernel.devices.has(name)
    ? name
    : { error: `no device '${name}' (devices: ${[...kernel.devices.keys()].join(', ')})` };
}

/** A CCDF value: a non-negative integer as a number or a decimal / 0x string. */
function toBigInt(v: unknown): bigint | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && (/^0x[0-9a-f]{1,16}$/i.test(v.trim()) || /^[0-9]{1,20}$/.test(v.trim()))) {
    const b = BigInt(v.trim());
    return b <= 0xffffffffffffffffn ? b : undefined;
  }
  return undefined;
}

export function simEvent(session: SimSession, p: SimEventParams): Promise<Answers> {
  return session.run((kernel): Answers => {
    const name = pickDevice(kernel, p?.device);
    if (typeof name !== 'string') return { ok: false, error: name.error };
    const known = new Set(kernel.uapi.ccdf.fields.map((f) => f.name));
    const ccdf: Record<string, bigint> = {};
    for (const [k, v] of Object.entries({ ...(p?.fields ?? {}), pec: p?.pec })) {
      if (!known.has(k))
        return {
          ok: false,
          error: `'${k}' is not a field of struct zpci_ccdf_err (fields: ${[...known].join(', ')})`,
        };
      const value = toBigInt(v);
      if (value === undefined)
        return { ok: false, error: `${k}: ${JSON.stringify(v)} is not a non-negative integer` };
      ccdf[k] = value;
    }
    const spec = kernel.device(name).spec;
    ccdf.fid ??= BigInt(spec.fid);
    ccdf.fh ??= BigInt(spec.fh);
    const answer = kernel.event({ ccdf, abort: p?.abort });
    const what = `event PEC ${pecLabel(Number(ccdf.pec))} for fid 0x${ccdf.fid.toString(16)}${p?.abort ? ' (driver aborts)' : ''}`;
    return { ok: true, answers: [session.record(answer, what, name)] };
  });
}

/** GET ZPCI_ERROR until the kernel has nothing more: ENOMSG (v7.3) or pending_errors 0 (v13). */
export function simRead(session: SimSession, p: SimReadParams): Promise<Answers> {
  return session.run((kernel): Answers => {
    const name = pickDevice(kernel, p?.device);
    if (typeof name !== 'string') return { ok: false, error: name.error };
    const { features, zpciErr, generation } = kernel.uapi;
    const flags = ((features.get('GET') ?? 0) | (features.get('ZPCI_ERROR') ?? 0)) >>> 0;
    const argsz = HEADER_SIZE + zpciErr.size;
    const max = Math.min(Math.max(Math.floor(Number(p?.max ?? 16)) || 16, 1), 64);
    const answers = [];
    for (let i = 0; i < max; i++) {
      const answer = kernel.ioctl(name, { flags, argsz, dataLength: CCDF_SIZE });
      answers.push(session.record(answer, `GET|ZPCI_ERROR argsz ${argsz} on ${name}`, name));
      if (answer.rc !== 0) break;
      if (generation === 'v13' && !answer.fields.pending_errors) break;
    }
    return { ok: true, answers };
  });
}

export function simRequest(session: SimSession, p: SimRequestParams): Promise<Answers> {
  return session.run((kernel): Answers => {
    const name = pickDevice(kernel, p?.device);
    if (typeof name !== 'string') return { ok: false, error: name.error };
    const flags = parseFlags(p?.flags ?? '', kernel.uapi.features);
    if ('error' in flags) return { ok: false, error: `flags: ${flags.error}` };
    const argsz = p.argsz ?? HEADER_SIZE + kernel.uapi.zpciErr.size;
    if (!Number.isInteger(argsz) || argsz < 0 || argsz > 0xffffffff)
      return { ok: false, error: `argsz ${String(argsz)} is not a __u32` };
    const data = p.data ?? CCDF_SIZE;
    if (!Number.isInteger(data) || data < 0)
      return { ok: false, error: `data ${String(data)} is not a buffer length (0 = null pointer)` };
    const answer = kernel.ioctl(name, {
      flags: flags.value,
      argsz,
      dataLength: data === 0 ? null : data,
      fault: p.fault,
    });
    const what = `flags ${typeof p.flags === 'string' ? p.flags : `0x${flags.value.toString(16)}`} argsz ${argsz}${data !== CCDF_SIZE ? ` data ${data}` : ''}${p.fault ? ` fault ${p.fault}` : ''} on ${name}`;
    return { ok: true, answers: [session.record(answer, what, name)] };
  });
}

export async function simReset(session: SimSession, p: SimResetParams): Promise<Answers> {
  const action = p?.action ?? 'reset';
  if (action === 'restart') {
    await session.restart();
    return { ok: true, answers: [] };
  }
  return session.run((kernel): Answers => {
    const name = pickDevice(kernel, p?.device);
    if (typeof name !== 'string') return { ok: false, error: name.error };
    if (action !== 'reset' && action !== 'open' && action !== 'close')
      return { ok: false, error: `unknown action '${String(action)}'` };
    const answer =
      action === 'open' ? kernel.open(name) : action === 'close' ? kernel.close(name) : kernel.reset(name);
    return { ok: true, answers: [session.record(answer, `${action} ${name}`, name)] };
  });
}
