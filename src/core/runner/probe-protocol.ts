// The probe's line protocol: the scenario's steps as simple lines for the
// probe's stdin (the JSON stays on the host), and the probe's JSON answers
// read back into the simulator's answer shape. Garbage never throws.

import { decodeRecord } from '../sim/bytes';
import { numbers } from '../sim/request';
import type { Scenario } from '../sim/scenario';
import { parseFlags, type SimUapi } from '../sim/uapi';
import type { TargetAnswer } from './types';

export interface ProbeInput {
  text: string;
  /** Steps answered on the host because they cannot be sent (bad flags). */
  hostAnswers: Map<number, TargetAnswer>;
}

/** `device` is a PCI address or a /dev path (already checked). */
export function probeInput(scenario: Scenario, uapi: SimUapi, device: string): ProbeInput {
  const lines = ['kpw-probe 1', `device ${device.startsWith('/') ? 'path' : 'bdf'} ${device}`];
  const hostAnswers = new Map<number, TargetAnswer>();
  scenario.steps.forEach((step, i) => {
    if (step.op === 'inject') return lines.push(`step ${i} inject ${step.faddr.toString(16)}`);
    if (step.op !== 'ioctl') return lines.push(`step ${i} ${step.op}`);
    const flags = parseFlags(step.flags, uapi.features);
    if ('error' in flags) return hostAnswers.set(i, hostAnswer('ioctl', `flags: ${flags.error}`));
    const data = step.data === undefined ? '-' : step.data === null ? '0' : String(step.data);
    lines.push(`step ${i} ioctl ${flags.value.toString(16)} ${step.argsz} ${data} ${step.fault ?? 'none'}`);
  });
  return { text: `${lines.join('\n')}\n`, hostAnswers };
}

export function hostAnswer(op: string, message: string): TargetAnswer {
  return {
    op,
    rc: -1,
    errno: null,
    kernelRc: 0,
    bytes: new Uint8Array(0),
    fields: {},
    decidedBy: 'scenario error',
    trace: [message],
    warnings: [message],
  };
}

export type ProbeLine = { ok: true; step: number; answer: TargetAnswer } | { ok: false; message: string };

/** One stdout line of the probe: a JSON answer, or a clear message saying why it is not one. */
export function parseProbeLine(line: string, uapi: SimUapi): ProbeLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return {
      ok: false,
      message: `the probe printed something that is not JSON: ${JSON.stringify(line.slice(0, 200))}`,
    };
  }
  const o = raw as Record<string, unknown>;
  const bad = shapeError(o);
  if (bad)
    return {
      ok: false,
      message: `the probe printed JSON of the wrong shape (${bad}): ${JSON.stringify(line.slice(0, 200))}`,
    };
  const bytes = Uint8Array.from(Buffer.from(o.bytes as string, 'hex'));
  const fields = { ...(o.fields as Record<string, number | string | boolean>) };
  if (o.op === 'ioctl' && o.rc === 0 && Object.keys(fields).length === 0)
    Object.assign(fields, decode(bytes, uapi));
  const answer: TargetAnswer = {
    op: o.op as string,
    rc: o.rc as number,
    errno: o.errno as string | null,
    kernelRc: typeof o.kernelRc === 'number' ? o.kernelRc : 0,
    bytes,
    fields,
    decidedBy: o.decidedBy as string,
    trace: o.trace as string[],
    warnings: Array.isArray(o.warnings) ? o.warnings.filter((w): w is string => typeof w === 'string') : [],
  };
  return { ok: true, step: o.step as number, answer };
}

function shapeError(o: Record<string, unknown>): string | undefined {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return 'not an object';
  if (!Number.isSafeInteger(o.step) || (o.step as number) < 0) return "'step' is not a step number";
  if (typeof o.op !== 'string') return "'op' is not a string";
  if (typeof o.rc !== 'number') return "'rc' is not a number";
  if (o.errno !== null && typeof o.errno !== 'string') return "'errno' is neither null nor a name";
  if (typeof o.bytes !== 'string' || !/^([0-9a-f]{2})*$/i.test(o.bytes)) return "'bytes' is not hex";
  if (typeof o.fields !== 'object' || o.fields === null || Array.isArray(o.fields))
    return "'fields' is not an object";
  if (typeof o.decidedBy !== 'string') return "'decidedBy' is not a string";
  if (!Array.isArray(o.trace) || o.trace.some((t) => typeof t !== 'string'))
    return "'trace' is not a list of strings";
  return undefined;
}

/** The header's struct (v13) or the 32-byte CCDF (v7.3), decoded big-endian like the simulator does. */
function decode(bytes: Uint8Array, uapi: SimUapi): Record<string, number | string> {
  const layout = uapi.generation === 'v13' ? uapi.zpciErr : uapi.ccdf;
  if (bytes.length !== layout.size) return {};
  return numbers(decodeRecord(layout, uapi.abi.endian, bytes));
}
