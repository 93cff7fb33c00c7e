// Runs a scenario on a remote target: check the inputs, build the probe,
// make a private temp dir there, copy the probe, run it under `timeout` with
// the steps on stdin, read one JSON answer per step, always clean up.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIMITS } from '../host/limits';
import { checkExpectation } from '../sim/run-scenario';
import type { Scenario } from '../sim/scenario';
import type { SimAnswer } from '../sim/types';
import { loadUapi, type SimUapi } from '../sim/uapi';
import { buildProbeLocally } from './build';
import { buildOnTarget } from './remote-build';
import { hostAnswer, parseProbeLine, probeInput } from './probe-protocol';
import { scp, ssh, transportProblem } from './ssh';
import type { TargetConfig, TargetProblem, TargetRunResult, TargetStepResult } from './types';
import { checkTarget, isRemoteTempDir, shellQuote } from './validate';

export interface RunOnTargetOptions {
  header?: string;
  includeDirs?: string[];
  /** Seconds the probe may run on the target (default 30). */
  timeoutSeconds?: number;
  signal?: AbortSignal;
  /** A ready probe binary (skips the build). */
  probeBinary?: string;
  compiler?: string;
  /** Every raw log line as it happens (progress). */
  onLog?(line: string): void;
  onStep?(result: TargetStepResult): void;
  /** The whole run's deadline in milliseconds (default LIMITS.targetDeadlineMs): past it everything is stopped. */
  deadlineMs?: number;
}

const SSH_SETUP_TIMEOUT_MS = 60_000;

/** Never throws: every failure is a problem in the result. */
export async function runOnTarget(
  config: TargetConfig,
  scenario: Scenario,
  options: RunOnTargetOptions = {},
): Promise<TargetRunResult> {
  const result: TargetRunResult = { ok: false, steps: [], problems: [], log: [] };
  const log = (line: string) => {
    result.log.push(line);
    options.onLog?.(line);
  };
  const refused = checkTarget(config);
  if (refused) return fail(result, { kind: 'refused', message: refused });
  const uapi = await loadUapi({
    header: options.header,
    includeDirs: options.includeDirs,
    override: options.header ? 'auto' : (scenario.uapi ?? 'auto'),
  });
  if (!uapi.ok) return fail(result, { kind: 'header', message: uapi.error });
  const local = mkdtempSync(join(tmpdir(), 'kpw-target-'));
  const deadline = overallDeadline(options);
  try {
    await runInTempDirs(
      config,
      scenario,
      uapi.uapi,
      { ...options, signal: deadline.signal },
      local,
      result,
      log,
    );
  } catch (err) {
    result.problems.push({
      kind: 'transport',
      message: `internal error in the target runner: ${(err as Error).message}`,
    });
  } finally {
    deadline.dispose();
    rmSync(local, { recursive: true, force: true });
  }
  if (deadline.hit()) {
    const ms = options.deadlineMs ?? LIMITS.targetDeadlineMs;
    result.problems = result.problems.filter((p) => p.kind !== 'cancelled');
    result.problems.push({
      kind: 'timeout',
      message: `the run did not finish within its overall deadline of ${Math.round(ms / 1000)} s and was stopped`,
    });
  }
  result.ok = result.problems.length === 0;
  return result;
}

async function runInTempDirs(
  config: TargetConfig,
  scenario: Scenario,
  uapi: SimUapi,
  options: RunOnTargetOptions,
  local: string,
  result: TargetRunResult,
  log: (l: string) => void,
): Promise<void> {
  let binary = options.probeBinary;
  const remoteBuild = !binary && config.build === 'remote';
  if (!binary && !remoteBuild) {
    const built = await buildProbeLocally({
      uapi,
      header: options.header,
      includeDirs: options.includeDirs,
      compiler: options.compiler,
      outDir: local,
      signal: options.signal,
    });
    if (!built.ok) return void result.problems.push(built.problem);
    log(`built the probe (${uapi.generation}): ${built.args.join(' ')}`);
    binary = built.binary;
  }
  const made = await ssh(config, 'mktemp -d /tmp/kpw-probe.XXXXXXXX', {
    signal: options.signal,
    timeoutMs: SSH_SETUP_TIMEOUT_MS,
  });
  const madeProblem = transportProblem(made, 'creating a temp dir on the target', config.destination);
  if (madeProblem) return void result.problems.push(madeProblem);
  const remote = made.stdout.trim();
  if (!isRemoteTempDir(remote))
    return void result.problems.push({
      kind: 'transport',
      message: `mktemp on the target answered ${JSON.stringify(remote.slice(0, 100))}, not a temp dir (exit ${made.code}: ${made.stderr.trim()})`,
    });
  log(`remote temp dir ${remote}`);
  const state = { pid: undefined as number | undefined };
  try {
    const ready = remoteBuild
      ? await buildOnTarget(config, uapi, remote, local, options.header, options.signal, log)
      : await copyProbe(config, binary as string, remote, options.signal);
    if (ready) return void result.problems.push(ready);
    await runProbe(config, scenario, uapi, options, remote, result, log, state);
  } finally {
    await cleanUp(config, remote, state.pid, log);
  }
}

async function copyProbe(
  config: TargetConfig,
  binary: string,
  remote: string,
  signal: AbortSignal | undefined,
): Promise<TargetProblem | undefined> {
  const copied = await scp(config, [binary], `${remote}/kpw-probe`, {
    signal,
    timeoutMs: SSH_SETUP_TIMEOUT_MS,
  });
  return (
    transportProblem(copied, 'copying the probe', config.destination) ??
    (copied.code
      ? { kind: 'transport', message: `copying the probe failed: ${copied.stderr.trim()}` }
      : undefined)
  );
}

async function runProbe(
  config: TargetConfig,
  scenario: Scenario,
  uapi: SimUapi,
  options: RunOnTargetOptions,
  remote: string,
  result: TargetRunResult,
  log: (l: string) => void,
  state: { pid?: number },
): Promise<void> {
  const device = config.device ?? scenario.devices[0].address;
  const input = probeInput(scenario, uapi, device);
  const seconds = Math.max(1, Math.round(options.timeoutSeconds ?? 30));
  const sudo = config.privilege === 'sudo' ? ['sudo', '-n'] : [];
  const words = [
    ...sudo,
    'timeout',
    '-k',
    '2',
    String(seconds),
    ...(config.runnerPrefix ?? []),
    './kpw-probe',
  ];
  // No exec: the shell stays to report a crash as 128+signal (ssh would turn a
  // remote death by signal into its own 255), and its pid finds the children.
  const command = `cd ${shellQuote(remote)} && chmod 700 kpw-probe && echo kpw-pid $$ && ${words.map(shellQuote).join(' ')}; rc=$?; exit $rc`;
  log(`running on ${config.destination}: ${command}`);
  const answered = new Map<number, TargetStepResult>();
  const onLine = (line: string) => {
    log(`probe: ${line}`);
    const pid = /^kpw-pid (\d+)$/.exec(line);
    if (pid && state.pid === undefined) return void (state.pid = Number(pid[1]));
    if (!line.trim()) return;
    const parsed = parseProbeLine(line, uapi);
    if (!parsed.ok) return void result.problems.push({ kind: 'probe-output', message: parsed.message });
    const step = scenario.steps[parsed.step];
    const r: TargetStepResult = {
      step: parsed.step,
      answer: parsed.answer,
      failures: step?.expect ? checkExpectation(parsed.answer as unknown as SimAnswer, step.expect) : [],
    };
    answered.set(parsed.step, r);
    options.onStep?.(r);
  };
  const out = await ssh(config, command, {
    input: input.text,
    signal: options.signal,
    timeoutMs: (seconds + 15) * 1000,
    onStdoutLine: onLine,
    onStderrLine: (l) => log(`probe stderr: ${l}`),
  });
  const problem =
    transportProblem(out, 'running the probe', config.destination) ??
    probeExitProblem(out.code, seconds, out.stderr);
  if (problem) result.problems.push(problem);
  for (const [i, a] of input.hostAnswers) answered.set(i, { step: i, answer: a, failures: [a.trace[0]] });
  const missing = scenario.steps.map((_, i) => i).filter((i) => !answered.has(i));
  if (missing.length && !problem)
    result.problems.push({
      kind: 'probe-failed',
      message: `the probe gave no answer for step${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    });
  for (const i of missing)
    answered.set(i, {
      step: i,
      answer: hostAnswer(scenario.steps[i].op, 'no answer from the target'),
      failures: ['no answer from the target'],
    });
  result.steps = [...answered.values()].sort((a, b) => a.step - b.step);
}

/** The remote shell's exit status: timeout(1) says 124/137, 128+n is a signal, 126/127 a missing program. */
function probeExitProblem(code: number | null, seconds: number, stderr: string): TargetProblem | undefined {
  if (code === 0) return undefined;
  if (code === 124 || code === 137)
    return { kind: 'timeout', message: `the probe did not finish within ${seconds} s and was killed` };
  const last = stderr.trim().split('\n').pop() ?? '';
  if (code === 126 || code === 127)
    return {
      kind: 'probe-failed',
      message: `the target could not start the probe (exit ${code}): ${last} (wrong architecture without a runner prefix, or a missing program such as timeout?)`,
    };
  if (code !== null && code > 128)
    return {
      kind: 'probe-failed',
      message: `the probe crashed (signal ${code - 128})${last ? `: ${last}` : ''}`,
    };
  return { kind: 'probe-failed', message: `the probe exited with status ${code}${last ? `: ${last}` : ''}` };
}

/** Kills the remote probe if it may still run, removes the temp dir. Bounded: never hangs the caller. */
async function cleanUp(
  config: TargetConfig,
  remote: string,
  pid: number | undefined,
  log: (l: string) => void,
): Promise<void> {
  if (!isRemoteTempDir(remote)) return;
  const sudo = config.privilege === 'sudo' ? 'sudo -n ' : '';
  // timeout(1) and sudo pass TERM on to the probe.
  const kill =
    pid === undefined ? '' : `${sudo}pkill -TERM -P ${pid} 2>/dev/null; kill -TERM ${pid} 2>/dev/null; `;
  const out = await ssh(config, `${kill}rm -rf -- ${shellQuote(remote)}`, { timeoutMs: 20_000 });
  log(`cleanup on the target: ${out.code === 0 ? 'done' : `failed (${out.stderr.trim() || out.code})`}`);
}

/** The caller's signal, also aborted when the run's overall deadline passes. */
function overallDeadline(options: RunOnTargetOptions): {
  signal: AbortSignal;
  hit(): boolean;
  dispose(): void;
} {
  const controller = new AbortController();
  let hit = false;
  const timer = setTimeout(() => {
    hit = true;
    controller.abort();
  }, options.deadlineMs ?? LIMITS.targetDeadlineMs);
  const onAbort = () => controller.abort();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    hit: () => hit,
    dispose: () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}

function fail(result: TargetRunResult, problem: TargetProblem): TargetRunResult {
  result.problems.push(problem);
  return result;
}
