// `kpw sim SCENARIO [--uapi v13|v7.3|auto] [--header FILE] [-I DIR] [--json]`:
// runs a zPCI error scenario on the built-in kernel model, one result per step.

import {
  toHex,
  loadUapi,
  parseScenario,
  runScenarioSteps,
  type Scenario,
  type SimUapi,
  type StepResult,
  type UapiGeneration,
} from '../../core/api/index';
import { flag, list, parseArgs, single } from '../args';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes';
import type { CommandIo } from './command';
import { LIMITS } from '../../core/host/limits';
import { readInput } from '../read-input';
import { stepJson } from '../step-json';

export const simUsage = `usage: kpw sim SCENARIO [--uapi v13|v7.3|auto] [--header FILE] [-I DIR]... [--json]

Runs a scenario (JSON, docs/scenario.schema.json) on the built-in model of the
kernel's VFIO_DEVICE_FEATURE_ZPCI_ERROR path, laid out for s390x.
  --uapi GEN     v13 (inline struct), v7.3 (data pointer) or auto (default: from
                 the header; without --header, the scenario's "uapi" or v7.3)
  --header FILE  the vfio.h whose struct and feature numbers to use
  -I DIR         include directory for --header
  --json         one JSON object per step and line
Exit: 0 all expectations held, 1 one failed, 2 usage, 3 unusable input.`;

export async function runSim(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const args = parseArgs(argv, [
    { name: 'uapi', value: true },
    { name: 'header', value: true },
    { name: 'include', short: 'I', value: true, repeat: true },
    { name: 'json' },
    { name: 'help', short: 'h' },
  ]);
  if (flag(args, 'help')) {
    io.stdout(simUsage);
    return ExitCode.ok;
  }
  const uapiArg = single(args, 'uapi') ?? 'auto';
  if (uapiArg !== 'auto' && uapiArg !== 'v13' && uapiArg !== 'v7.3')
    throw new UsageError(`--uapi must be v13, v7.3 or auto, not '${uapiArg}'`);
  if (args.positionals.length !== 1) throw new UsageError('give exactly one SCENARIO file');
  const file = args.positionals[0];
  const text = readInput(file, io, LIMITS.scenarioBytes, 'scenarios');
  if (text === undefined) return ExitCode.input;
  const header = single(args, 'header');
  if (header !== undefined && readInput(header, io) === undefined) return ExitCode.input;
  const loaded = parseScenario(text, file);
  if (!loaded.ok) {
    io.stderr(`kpw: error: ${loaded.error}`);
    return ExitCode.input;
  }
  const override: UapiGeneration | 'auto' =
    uapiArg === 'auto' && !header ? (loaded.scenario.uapi ?? 'auto') : uapiArg;
  const uapi = await loadUapi({ header, includeDirs: list(args, 'include'), override });
  if (!uapi.ok) {
    io.stderr(`kpw: error: ${uapi.error}`);
    return ExitCode.input;
  }
  if (loaded.scenario.uapi && loaded.scenario.uapi !== uapi.uapi.generation)
    io.stderr(
      `kpw: note: ${file} was written for ${loaded.scenario.uapi}; running it as ${uapi.uapi.generation}`,
    );
  const tally = { steps: 0, failed: 0 };
  // Each chunk waits until stdout has taken the one before (io.drain): to a pipe, Node writes
  // asynchronously, and a loop that never waited queued the whole output in the stream (213 MB
  // peak RSS at 70k steps with --json, issue 17).
  for (const chunk of simChunks(loaded.scenario, uapi.uapi, flag(args, 'json'), tally)) {
    io.stdout(chunk);
    if (io.drain) await io.drain();
  }
  return tally.failed ? ExitCode.findings : ExitCode.ok;
}

/**
 * kpw sim's output in chunks of ~64 KB, each ending without its last newline (io.stdout adds it);
 * text output ends with the summary line. Streamed: each step is printed as it is computed and then
 * dropped, so memory stays constant in the number of steps (test/unit/sim/sim-memory.test.ts).
 * Counts steps and failed ones into `tally`.
 */
export function* simChunks(
  scenario: Scenario,
  uapi: SimUapi,
  json: boolean,
  tally: { steps: number; failed: number },
): Generator<string> {
  let chunk: string[] = [];
  let size = 0;
  for (const r of runScenarioSteps(scenario, uapi)) {
    tally.steps++;
    if (r.failures.length) tally.failed++;
    const line = json ? JSON.stringify(stepJson(r)) : renderText(r);
    chunk.push(line);
    size += line.length;
    if (size >= 65536) {
      yield chunk.join('\n');
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length) yield chunk.join('\n');
  if (!json)
    yield `${tally.steps} steps, ${tally.failed} failed expectation${tally.failed === 1 ? '' : 's'} (${uapi.generation}, ${uapi.generationSource})`;
}

function renderText(r: StepResult): string {
  const a = r.answer;
  const head = `step ${r.step}: ${a.op} -> rc ${a.rc}${a.errno ? ` ${a.errno}` : ''} [${a.decidedBy}]`;
  const lines = [head];
  if (a.bytes.length) lines.push(`  bytes ${toHex(a.bytes)}`);
  const fields = Object.entries(a.fields).filter(([k]) => k !== 'queue');
  if (fields.length) lines.push(`  ${fields.map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
  for (const w of a.warnings) lines.push(`  warning: ${w}`);
  for (const f of r.failures) lines.push(`  FAIL ${f}`);
  return lines.join('\n');
}
