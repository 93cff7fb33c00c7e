// `kpw run --compare`: the target's answers beside the simulator's, compared
// by the core (src/core/api/scenario.ts), the same comparer as the editor's
// "Compare Target with Simulator" and the guest differential test.

import { compareMarkdown, compareWithSimulator, type Scenario } from '../../core/api/index';
import type { TargetRunResult } from '../../core/api/target';
import { ExitCode, type ExitCodeValue } from '../exit-codes';
import type { CommandIo } from './command';

export interface CompareOptions {
  header?: string;
  includeDirs: string[];
  json: boolean;
  destination: string;
}

/** Prints the comparison; exit 0 when every step agrees, 1 when one differs, 2/3 when the run could not be had. */
export async function reportComparison(
  scenario: Scenario,
  run: TargetRunResult,
  opts: CompareOptions,
  io: CommandIo,
): Promise<ExitCodeValue> {
  for (const p of run.problems) io.stderr(`kpw: error: ${p.message} [${p.kind}]`);
  if (run.problems.some((p) => p.kind === 'refused')) return ExitCode.usage;
  const compared = await compareWithSimulator(scenario, run.steps, opts);
  if (!compared.ok) {
    io.stderr(`kpw: error: ${compared.error}`);
    return ExitCode.input;
  }
  if (opts.json) for (const row of compared.rows) io.stdout(JSON.stringify(row));
  else {
    const notes = [...compared.notes, ...run.problems.map((p) => `target ${p.kind}: ${p.message}`)];
    io.stdout(compareMarkdown(`${scenario.file} on ${opts.destination}`, compared.rows, notes).trimEnd());
  }
  if (run.problems.length) return ExitCode.input;
  return compared.rows.every((r) => r.same) ? ExitCode.ok : ExitCode.findings;
}
