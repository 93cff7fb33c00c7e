// Runs a loaded scenario against the simulated kernel and checks each step's
// expectations. One StepResult per step, in order; never throws. runScenarioSteps
// yields them one at a time, so a long scenario runs in constant memory.

import { toHex } from './bytes';
import { simInfo, simInject } from './inject';
import { SimKernel } from './kernel';
import type { Expectation, Scenario, ScenarioStep } from './scenario';
import type { SimAnswer } from './types';
import { parseFlags, type SimUapi } from './uapi';

export interface StepResult {
  step: number;
  answer: SimAnswer;
  /** Expectation mismatches; empty when none was given or all held. */
  failures: string[];
}

export function runScenario(scenario: Scenario, uapi: SimUapi): StepResult[] {
  return [...runScenarioSteps(scenario, uapi)];
}

/** The steps' results as they are computed; nothing is kept once a result is consumed. */
export function* runScenarioSteps(scenario: Scenario, uapi: SimUapi): Generator<StepResult> {
  const kernel = new SimKernel(uapi, scenario.devices, scenario.zpciEnabled);
  for (let i = 0; i < scenario.steps.length; i++) {
    const step = scenario.steps[i];
    const answer = runStep(kernel, step);
    yield { step: i, answer, failures: step.expect ? checkExpectation(answer, step.expect) : [] };
  }
}

export interface ChunkOptions {
  signal?: AbortSignal;
  /** Longest run without yielding to the event loop, ms (the server answers other requests between). */
  sliceMs?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Thrown by runScenarioChunked when its signal is aborted. */
export class ScenarioCancelled extends Error {}

/** runScenario in slices of at most sliceMs, yielding between them (setImmediate), reporting
 *  progress and stopping when the signal is aborted: a 200,000-step scenario must not hold a
 *  language server for 40 s (issue 15). `view` turns each result into what the caller keeps as
 *  soon as it is computed, so the results are not held beside their views (issue 17). */
export async function runScenarioChunked<T = StepResult>(
  scenario: Scenario,
  uapi: SimUapi,
  opts: ChunkOptions = {},
  view: (r: StepResult) => T = (r) => r as T,
): Promise<T[]> {
  const kernel = new SimKernel(uapi, scenario.devices, scenario.zpciEnabled);
  const slice = opts.sliceMs ?? 20;
  const out: T[] = [];
  let started = performance.now();
  for (let i = 0; i < scenario.steps.length; i++) {
    const step = scenario.steps[i];
    const answer = runStep(kernel, step);
    out.push(view({ step: i, answer, failures: step.expect ? checkExpectation(answer, step.expect) : [] }));
    if ((i & 63) === 63 && performance.now() - started > slice) {
      opts.onProgress?.(i + 1, scenario.steps.length);
      await new Promise((resolve) => setImmediate(resolve));
      if (opts.signal?.aborted)
        throw new ScenarioCancelled(`cancelled after ${i + 1} of ${scenario.steps.length} steps`);
      started = performance.now();
    }
  }
  return out;
}

function runStep(kernel: SimKernel, step: ScenarioStep): SimAnswer {
  switch (step.op) {
    case 'open':
      return kernel.open(step.device, step.kvmFails);
    case 'close':
      return kernel.close(step.device);
    case 'reset':
      return kernel.reset(step.device);
    case 'event': {
      // A copy by Object.assign, not a spread: a spread copy given more properties (fid, fh) lands
      // in V8's old generation, one per step (see SimKernel.state).
      const ccdf: Record<string, bigint> = Object.assign({}, step.ccdf);
      const dev = step.device ? kernel.device(step.device).spec : undefined;
      if (dev && ccdf.fid === undefined) ccdf.fid = BigInt(dev.fid);
      if (dev && ccdf.fh === undefined) ccdf.fh = BigInt(dev.fh);
      return kernel.event({
        ccdf,
        abort: step.abort,
        refreshFails: step.refreshFails,
        staleHandle: step.staleHandle,
        noPciDev: step.noPciDev,
      });
    }
    case 'info':
      return simInfo(kernel, kernel.device(step.device));
    case 'inject':
      return simInject(kernel, kernel.device(step.device), step.faddr);
    case 'ioctl': {
      const flags = parseFlags(step.flags, kernel.uapi.features);
      if ('error' in flags) return badStep(`flags: ${flags.error}`);
      return kernel.ioctl(step.device, {
        flags: flags.value,
        argsz: step.argsz,
        dataLength: step.data,
        fault: step.fault,
      });
    }
  }
}

function badStep(message: string): SimAnswer {
  return {
    op: 'ioctl',
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

export function checkExpectation(answer: SimAnswer, expect: Expectation): string[] {
  const out: string[] = [];
  if (answer.decidedBy === 'scenario error') out.push(answer.trace[0]);
  if (expect.rc !== undefined && expect.rc !== answer.rc)
    out.push(`rc: expected ${expect.rc}, got ${answer.rc}`);
  if (expect.errno !== undefined && expect.errno !== answer.errno)
    out.push(`errno: expected ${expect.errno ?? 'none'}, got ${answer.errno ?? 'none'}`);
  if (expect.bytes !== undefined && expect.bytes !== toHex(answer.bytes))
    out.push(`bytes: expected ${expect.bytes}, got ${toHex(answer.bytes) || '(none)'}`);
  for (const [name, want] of Object.entries(expect.fields ?? {})) {
    const got = answer.fields[name];
    if (!sameValue(want, got))
      out.push(`${name}: expected ${String(want)}, got ${got === undefined ? '(absent)' : String(got)}`);
  }
  return out;
}

/** 0x-strings and numbers compare by value. */
function sameValue(want: unknown, got: unknown): boolean {
  const norm = (v: unknown) =>
    typeof v === 'string' && /^0x[0-9a-f]+$/i.test(v)
      ? BigInt(v).toString()
      : typeof v === 'number'
        ? BigInt(v).toString()
        : v;
  try {
    return norm(want) === norm(got);
  } catch {
    return want === got;
  }
}
