// Differential check on real UAPI headers without our preprocessor: the ABI's
// gcc -E expands the header, our parser and engine lay out every record of
// the result, and gcc measures the same records. Returns the disagreements.

import { spawnSync } from 'node:child_process';
import type { AbiSpec } from '../../../../src/core/abi/types';
import { gccFor } from '../../abi/helpers/toolchain';
import { engineTypes, parseEnv, type Fixture } from './fixtures';
import { probeTypes } from './gcc-probe';

export interface OracleReport {
  header: string;
  abi: string;
  types: number;
  mismatches: { type: string; gcc: unknown; engine: unknown }[];
  error?: string;
}

/** Compares engine and gcc on every record `#include <header>` defines; undefined without a compiler. */
export function compareHeader(abi: AbiSpec, header: string): OracleReport | undefined {
  const gcc = gccFor(abi);
  if (!gcc) return undefined;
  const pre = spawnSync(gcc, ['-E', '-P', '-x', 'c', '-'], {
    input: `#include <${header}>\n`,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const report: OracleReport = { header, abi: abi.name, types: 0, mismatches: [] };
  if (pre.status !== 0) return { ...report, error: pre.stderr.split('\n')[0] };
  const text = pre.stdout;
  let env;
  try {
    env = parseEnv(text, `<${header}>`);
  } catch (e) {
    return { ...report, error: (e as Error).message.slice(0, 300) };
  }
  const requests = env
    .allRecords()
    .map((decl) => ({ decl, key: env.recordName(decl) }))
    .filter((r): r is { decl: typeof r.decl; key: string } => r.key !== undefined)
    .map(({ decl, key }) => ({ key, spelling: decl.name ? `${decl.kind} ${decl.name}` : key }));
  const fx: Fixture = { name: header, path: header, text, abis: [abi], env, requests };
  const truth = probeTypes(abi, text, requests);
  if (!truth || !truth.ok)
    return { ...report, error: truth && !truth.ok ? truth.error.slice(0, 300) : 'no readelf' };
  const got = engineTypes(fx, abi);
  for (const [type, want] of Object.entries(truth.types)) {
    report.types++;
    if (JSON.stringify(got[type]) !== JSON.stringify(want))
      report.mismatches.push({ type, gcc: want, engine: got[type] });
  }
  return report;
}
