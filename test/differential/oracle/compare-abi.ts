// Runs the engine on each of an ABI's translation units, compares every type
// gcc measured there, and fills the ABI's row of the summary table.

import { join } from 'node:path';
import { compareType, triage, type Difference, type KnownDifference, type Triage } from './compare';
import type { AbiOracle } from './measure';
import type { ModelApi } from './model-api';
import { includeNameOf } from './overlay';
import type { AbiRow } from './report';

/** The row's oracle columns (the comparison columns are filled by summarize). */
export function oracleRow(oracle: AbiOracle, ms: number): AbiRow {
  return {
    abi: oracle.abi,
    headersAccepted: oracle.headers.accepted,
    headersRejected: oracle.headers.rejected.length,
    units: oracle.units.length,
    gccTypes: oracle.units.reduce((n, u) => n + Object.keys(u.types).length, 0),
    oracleMs: ms,
    cached: oracle.fromCache === true,
  };
}

/** Runs our engine once per translation unit and compares every type gcc measured in it. */
export async function compareAbi(oracle: AbiOracle, model: ModelApi): Promise<Difference[]> {
  const root = oracle.overlay.root;
  const fileName = includeNameOf(oracle.overlay);
  const diffs: Difference[] = [];
  for (const [i, unit] of oracle.units.entries()) {
    if (Object.keys(unit.types).length === 0) continue;
    const { json } = await model.computeLayoutJson({
      files: unit.files.map((f) => join(root, f)),
      includeDirs: [root],
      abi: oracle.abi,
    });
    for (const [name, gcc] of Object.entries(unit.types)) {
      const found = compareType(oracle.abi, name, gcc, json.types[name], fileName);
      diffs.push(...found.map((d) => ({ ...d, unit: i })));
    }
  }
  return diffs;
}

export interface Verdict extends Triage {
  /** Types gcc measured that we did not report. */
  missingNames: string[];
}

/** Triage against the known list and fill the row's counts (a type counts once per unit). */
export function summarize(row: AbiRow, diffs: Difference[], entries: KnownDifference[]): Verdict {
  const verdict = triage(diffs, entries);
  const typesWith = (list: Difference[]) => new Set(list.map((d) => `${d.unit ?? 0}:${d.type}`));
  const missing = typesWith(diffs.filter((d) => d.what === 'missing'));
  const unexpected = typesWith(verdict.unexpected);
  const gccTypes = row.gccTypes ?? 0;
  row.missing = missing.size;
  row.reported = gccTypes - missing.size;
  row.disagreeing = [...unexpected].filter((n) => !missing.has(n)).length;
  row.known = [...typesWith(verdict.known)].filter((n) => !unexpected.has(n)).length;
  row.agreeing = gccTypes - typesWith(diffs).size;
  return { ...verdict, missingNames: [...missing].map((n) => n.replace(/^\d+:/, '')) };
}

/** The assertion message for unexpected differences. */
export function failureText(
  abi: string,
  unexpected: Difference[],
  format: (d: Difference) => string,
): string {
  const shown = unexpected.slice(0, 40).map(format);
  const more = unexpected.length > shown.length ? `\n... and ${unexpected.length - shown.length} more` : '';
  return (
    `${unexpected.length} unexpected differences on ${abi} ` +
    `(fix the engine, or list them with a reason in known-differences.json):\n${shown.join('\n')}${more}`
  );
}
