// Pure helpers for scenario files in the Testing view (no `vscode` import):
// which files are scenarios, their steps with labels and lines (test items
// before any run), and a step result turned into test-message text.

import type { SimStepResultView } from '../protocol/sim';

export const SCENARIO_GLOB = '**/*.kpw-scenario.json';
const SCHEMA_MARK = 'scenario.schema.json';

export interface StepOutline {
  step: number;
  label: string;
  /** 0-based line of the step's object in the file, when found. */
  line?: number;
}

/** `*.kpw-scenario.json`, or any JSON whose `$schema` names scenario.schema.json. */
export function isScenarioFile(path: string, text: string | undefined): boolean {
  if (path.endsWith('.kpw-scenario.json')) return true;
  if (!path.endsWith('.json') || text === undefined) return false;
  const head = text.slice(0, 2048);
  return head.includes('"$schema"') && head.includes(SCHEMA_MARK);
}

/** The steps of a scenario's text; undefined when it is not a JSON object with a `steps` array. */
export function scenarioOutline(text: string): StepOutline[] | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const steps = (raw as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return undefined;
  const lines = opLines(text);
  return steps.map((s, step) => ({ step, label: stepLabel(s, step), line: lines[step] }));
}

function stepLabel(raw: unknown, step: number): string {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const parts = [`${step}: ${typeof s.op === 'string' ? s.op : '?'}`];
  if (s.op === 'ioctl' && s.flags !== undefined) parts.push(`${String(s.flags)} argsz ${String(s.argsz)}`);
  if (s.op === 'event' && s.pec !== undefined) parts.push(`pec ${String(s.pec)}`);
  if (typeof s.device === 'string') parts.push(`on ${s.device}`);
  if (typeof s.comment === 'string') parts.push(`— ${s.comment}`);
  return parts.join(' ');
}

/** Lines of the `"op"` keys after `"steps"`, in order: one per step in ordinary files. */
function opLines(text: string): number[] {
  const start = text.indexOf('"steps"');
  if (start < 0) return [];
  const out: number[] = [];
  const re = /"op"\s*:/g;
  re.lastIndex = start;
  let line = countLines(text, 0, start);
  let at = start;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    line += countLines(text, at, m.index);
    at = m.index;
    out.push(line);
  }
  return out;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The failure message of a step, or undefined when it passed. */
export function stepFailureMessage(r: SimStepResultView): string | undefined {
  if (r.passed) return undefined;
  const a = r.answer;
  const got = `got rc ${a.rc}${a.errno ? ` ${a.errno}` : ''} (${a.decidedBy})`;
  return [...r.failures, got, ...(a.bytes ? [`bytes ${a.bytes}`] : [])].join('\n');
}

/** What the test output shows for every step, passed or not. */
export function stepOutput(r: SimStepResultView): string {
  const a = r.answer;
  const head = `step ${r.step} ${r.label}: rc ${a.rc}${a.errno ? ` ${a.errno}` : ''} [${a.decidedBy}] ${r.passed ? 'passed' : 'FAILED'}`;
  const fields = Object.entries(a.fields).filter(([k]) => k !== 'queue');
  const lines = [head];
  if (a.bytes) lines.push(`  bytes ${a.bytes}`);
  if (fields.length) lines.push(`  ${fields.map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
  for (const f of r.failures) lines.push(`  FAIL ${f}`);
  return lines.join('\r\n');
}
