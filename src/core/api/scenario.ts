// Scenario comparison, the one comparer of a simulator run and a target run:
// "Compare Target with Simulator" in the editor, `kpw run --compare`, and the
// guest differential test all use it. Also the built-in "read ZPCI_ERROR until
// empty" scenario and the cut of its rows after the first failing GET.

import { toHex } from '../sim/bytes';
import { loadUapi, parseScenario, runScenario, type Scenario, type UapiGeneration } from '../sim/index';

export const READ_UNTIL_EMPTY_FILE = 'kpw-builtin:/read-zpci-error-until-empty.kpw-scenario.json';

/**
 * "read ZPCI_ERROR until empty": open, PROBE, then `maxReads` GETs (a scenario
 * cannot loop; rows after the first failing GET are cut by `trimAfterEmpty`).
 */
export function readUntilEmptyText(maxReads = 16, getArgsz = 16): string {
  const steps: unknown[] = [
    { op: 'open' },
    { op: 'ioctl', flags: 'PROBE|ZPCI_ERROR', argsz: 8 },
    ...Array.from({ length: Math.max(1, maxReads) }, () => ({
      op: 'ioctl',
      flags: 'GET|ZPCI_ERROR',
      argsz: getArgsz,
    })),
  ];
  return JSON.stringify({ description: 'read ZPCI_ERROR until empty (built in)', steps }, null, 2);
}

export function readUntilEmptyScenario(maxReads = 16, getArgsz = 16): Scenario | { error: string } {
  const parsed = parseScenario(readUntilEmptyText(maxReads, getArgsz), READ_UNTIL_EMPTY_FILE);
  return parsed.ok ? parsed.scenario : { error: parsed.error };
}

/** Rows of the read loop up to and including the first GET that failed (the empty queue). */
export function trimAfterEmpty<T extends { step: number; answer: { rc: number } }>(
  scenario: Scenario,
  rows: T[],
): T[] {
  const isGet = (step: number) => {
    const s = scenario.steps[step];
    return s?.op === 'ioctl' && /GET/i.test(String(s.flags));
  };
  const end = rows.findIndex((r) => isGet(r.step) && r.answer.rc !== 0);
  return end < 0 ? rows : rows.slice(0, end + 1);
}

/** One step of either run: the simulator's (bytes as hex, over the wire) or the target's (bytes as bytes). */
export interface RunStep {
  step: number;
  answer: {
    op: string;
    rc: number;
    errno: string | null;
    bytes: string | Uint8Array;
    fields?: Readonly<Record<string, unknown>>;
  };
}

export interface RunSide {
  rc: number;
  errno: string | null;
  bytes: string;
}

export interface CompareRow {
  step: number;
  op: string;
  sim?: RunSide;
  target?: RunSide;
  same: boolean;
  /** What differs, in words (`rc 0 vs -1`, simulator first); empty when the step agrees. */
  differences: string[];
}

/** Facts compared for steps whose answer is not bytes. */
const COMPARED_FIELDS: Record<string, string[]> = {
  inject: ['faddr', 'expectedPec', 'raised'],
  info: ['zpciBaseVersion', 'ccdfErrLength', 'fh', 'fid', 'startDma', 'endDma'],
};

const hex = (b: string | Uint8Array) => (typeof b === 'string' ? b : toHex(b));

/** A field as compared: hex numbers as decimal (the simulator and the probe print them differently). */
function norm(v: unknown): string | undefined {
  if (typeof v === 'string' && /^0x[0-9a-f]+$/i.test(v)) return BigInt(v).toString();
  return v === undefined ? undefined : String(v);
}

/** Differences between one simulated and one real step: op, rc, errno, an ioctl's bytes, an inject's or info's facts. */
export function stepDifferences(sim: RunStep, target: RunStep): string[] {
  const a = sim.answer;
  const b = target.answer;
  const out: string[] = [];
  if (a.op !== b.op) out.push(`op ${a.op} vs ${b.op}`);
  if (a.rc !== b.rc) out.push(`rc ${a.rc} vs ${b.rc}`);
  if (a.errno !== b.errno) out.push(`errno ${a.errno ?? 'none'} vs ${b.errno ?? 'none'}`);
  if (a.op === 'ioctl' && hex(a.bytes) !== hex(b.bytes))
    out.push(`bytes ${hex(a.bytes) || '(none)'} vs ${hex(b.bytes) || '(none)'}`);
  for (const k of COMPARED_FIELDS[a.op] ?? []) {
    if (norm(a.fields?.[k]) !== norm(b.fields?.[k]))
      out.push(`${k} ${String(a.fields?.[k])} vs ${String(b.fields?.[k])}`);
  }
  return out;
}

/** Step-by-step diff (stepDifferences); a step only one side answered differs. */
export function compareRuns(sim: readonly RunStep[], target: readonly RunStep[]): CompareRow[] {
  const bySim = new Map(sim.map((s) => [s.step, s]));
  const byTarget = new Map(target.map((t) => [t.step, t]));
  const steps = [...new Set([...bySim.keys(), ...byTarget.keys()])].sort((a, b) => a - b);
  return steps.map((step) => {
    const s = bySim.get(step);
    const t = byTarget.get(step);
    const side = (r?: RunStep): RunSide | undefined =>
      r && { rc: r.answer.rc, errno: r.answer.errno, bytes: hex(r.answer.bytes) };
    const differences =
      s && t ? stepDifferences(s, t) : [s ? 'the target did not answer' : 'the simulator did not answer'];
    return {
      step,
      op: s?.answer.op ?? t?.answer.op ?? '?',
      sim: side(s),
      target: side(t),
      same: differences.length === 0,
      differences,
    };
  });
}

/** The diff as a markdown document (an untitled editor, or `kpw run --compare`'s output). */
export function compareMarkdown(title: string, rows: CompareRow[], notes: string[] = []): string {
  const side = (x?: RunSide) =>
    x ? `rc ${x.rc}${x.errno ? ` ${x.errno}` : ''}${x.bytes ? ` \`${x.bytes}\`` : ''}` : '—';
  const differ = rows.filter((r) => !r.same).length;
  const lines = [
    `# Target vs simulator: ${title}`,
    '',
    differ ? `**${differ} of ${rows.length} steps differ.**` : `All ${rows.length} steps agree.`,
    '',
    ...notes.map((n) => `> ${n}`),
    ...(notes.length ? [''] : []),
    '| Step | Op | Simulator | Target | |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.step} | ${r.op} | ${side(r.sim)} | ${side(r.target)} | ${r.same ? 'same' : `**differs**${r.differences.length && r.sim && r.target ? `: ${r.differences.join('; ')}` : ''}`} |`,
    ),
  ];
  return lines.join('\n') + '\n';
}

export type SimulatorComparison =
  { ok: true; rows: CompareRow[]; notes: string[] } | { ok: false; error: string };

/**
 * Runs `scenario` on the simulator (the header's struct, else the scenario's
 * generation, else v7.3, as `kpw sim` picks) and compares it with a target's answers.
 */
export async function compareWithSimulator(
  scenario: Scenario,
  target: readonly RunStep[],
  opts: { header?: string; includeDirs?: string[] } = {},
): Promise<SimulatorComparison> {
  const override: UapiGeneration | 'auto' = opts.header ? 'auto' : (scenario.uapi ?? 'auto');
  const uapi = await loadUapi({ header: opts.header, includeDirs: opts.includeDirs, override });
  if (!uapi.ok) return { ok: false, error: uapi.error };
  const sim = runScenario(scenario, uapi.uapi);
  const notes = [`simulator: ${uapi.uapi.generation} (${uapi.uapi.generationSource})`];
  return { ok: true, rows: compareRuns(sim, target), notes };
}
