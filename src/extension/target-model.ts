// Pure helpers behind "KPW: Run on Target" and "KPW: Compare Target with
// Simulator" (no `vscode` import, so they are unit-tested): target settings and
// result rows. The built-in scenario and the comparer are the core's
// (src/core/api/scenario.ts), re-exported here for the commands.

import { type Scenario, toHex } from '../core/api/index';
import {
  checkTarget,
  type TargetConfig,
  type TargetRunResult,
  type TargetStepResult,
} from '../core/api/target';
import type { SimAnswerView, SimStepResultView } from '../protocol/sim';

/** The buttons of "Run on Target" with no target (target-none.ts; the e2e test clicks them). */
export const START_GUEST = 'Start the local test guest and run there';
export const OPEN_SETTINGS = 'Open Settings';
export {
  compareMarkdown,
  compareRuns,
  READ_UNTIL_EMPTY_FILE,
  readUntilEmptyScenario,
  readUntilEmptyText,
  trimAfterEmpty,
  type CompareRow,
  type RunSide,
} from '../core/api/index';

export interface NamedTarget {
  name: string;
  config: TargetConfig;
}

const TARGET_KEYS = ['name', 'ssh', 'sshConfig', 'device', 'privilege', 'build', 'runnerPrefix'];

/** `kpw.targets` entries as usable targets; bad or unsafe entries are left out with a reason. */
export function parseTargets(raw: unknown): { targets: NamedTarget[]; problems: string[] } {
  const targets: NamedTarget[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { targets, problems };
  if (!Array.isArray(raw)) return { targets, problems: ['kpw.targets: expected an array of targets'] };
  raw.forEach((entry, i) => {
    const parsed = parseTarget(entry, `kpw.targets[${i}]`);
    if ('error' in parsed) problems.push(parsed.error);
    else if (targets.some((t) => t.name === parsed.name))
      problems.push(`kpw.targets[${i}]: a second target named ${JSON.stringify(parsed.name)}`);
    else targets.push(parsed);
  });
  return { targets, problems };
}

function parseTarget(entry: unknown, where: string): NamedTarget | { error: string } {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return { error: `${where}: expected an object` };
  const o = entry as Record<string, unknown>;
  const unknownKey = Object.keys(o).find((k) => !TARGET_KEYS.includes(k));
  if (unknownKey)
    return { error: `${where}: unknown key '${unknownKey}' (allowed: ${TARGET_KEYS.join(', ')})` };
  if (typeof o.name !== 'string' || !o.name.trim())
    return { error: `${where}: 'name' must be a non-empty string` };
  if (typeof o.ssh !== 'string') return { error: `${where} (${o.name}): 'ssh' must be a string` };
  const optStr = (k: string) => o[k] === undefined || typeof o[k] === 'string';
  if (!optStr('sshConfig') || !optStr('device'))
    return { error: `${where} (${o.name}): 'sshConfig' and 'device' must be strings` };
  if (o.privilege !== undefined && o.privilege !== 'none' && o.privilege !== 'sudo')
    return { error: `${where} (${o.name}): 'privilege' must be "none" or "sudo"` };
  if (o.build !== undefined && o.build !== 'local' && o.build !== 'remote')
    return { error: `${where} (${o.name}): 'build' must be "local" or "remote"` };
  const prefix = o.runnerPrefix;
  if (prefix !== undefined && (!Array.isArray(prefix) || prefix.some((w) => typeof w !== 'string')))
    return { error: `${where} (${o.name}): 'runnerPrefix' must be an array of strings` };
  const config: TargetConfig = {
    destination: o.ssh,
    sshConfig: o.sshConfig as string | undefined,
    device: o.device as string | undefined,
    privilege: o.privilege as TargetConfig['privilege'],
    build: o.build as TargetConfig['build'],
    runnerPrefix: prefix as string[] | undefined,
  };
  const refused = checkTarget(config);
  return refused ? { error: `${where} (${o.name}): ${refused}` } : { name: o.name, config };
}

/** The timeout setting, clamped to what the schema allows. */
export function timeoutSetting(raw: unknown): number {
  return typeof raw === 'number' && Number.isFinite(raw) ? Math.min(3600, Math.max(1, Math.round(raw))) : 30;
}

/** A step's label as the simulator names it (`ioctl zpci0`), with the flags of an ioctl. */
export function stepLabel(scenario: Scenario, step: number): string {
  const s = scenario.steps[step];
  if (!s) return `step ${step}`;
  const device = 'device' in s && s.device ? ` on ${s.device}` : '';
  return s.op === 'ioctl' ? `${String(s.flags)} argsz ${s.argsz}${device}` : `${s.op}${device}`;
}

/** One target answer in the simulator results view's row model. */
function targetAnswerView(scenario: Scenario, r: TargetStepResult): SimAnswerView {
  const s = scenario.steps[r.step];
  const a = r.answer;
  return {
    seq: r.step,
    request: `target: ${stepLabel(scenario, r.step)}`,
    device: s && 'device' in s ? s.device : undefined,
    op: a.op,
    rc: a.rc,
    errno: a.errno,
    kernelRc: a.kernelRc,
    bytes: toHex(a.bytes),
    fields: { ...a.fields },
    decidedBy: a.decidedBy,
    trace: [...a.trace],
    warnings: [...a.warnings, ...r.failures.map((f) => `expectation failed: ${f}`)],
  };
}

/** Target results in the simulator results view's row model (newest first, like the view). */
export function targetAnswerViews(scenario: Scenario, steps: TargetStepResult[]): SimAnswerView[] {
  return steps.map((r) => targetAnswerView(scenario, r)).reverse();
}

/**
 * Target results as the simulator's scenario step results, so the Testing view
 * reports a run on a target exactly like a run on the simulator (same pass/fail
 * messages, same output lines).
 */
export function targetStepViews(
  scenario: Scenario,
  steps: TargetStepResult[],
  lines: (number | undefined)[] = [],
): SimStepResultView[] {
  return steps.map((r) => ({
    step: r.step,
    line: lines[r.step],
    label: stepLabel(scenario, r.step),
    passed: r.failures.length === 0,
    failures: [...r.failures],
    answer: targetAnswerView(scenario, r),
  }));
}

/** The transport problems of a run as one message for the Testing view or a notification. */
export function problemsMessage(run: Pick<TargetRunResult, 'problems'>, target: string): string {
  if (!run.problems.length) return `the run on ${target} ended without answering every step`;
  return run.problems.map((p) => `${target}: ${p.kind}: ${p.message}`).join('\n');
}
