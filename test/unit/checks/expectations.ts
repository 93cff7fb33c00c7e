// Reads the inline expectations of a check fixture (`/* expect: CODE ... */`,
// `/* kpw-baseline: NAMES */`) and compares findings with them, so each
// fixture is a test without code of its own.

import type { Diagnostic } from '../../../src/core/diag/diagnostic';
import type { CheckBaseline } from '../../../src/core/checks/types';

export interface Expectation {
  /** 0-based line. */
  line: number;
  code: string;
}

export function expectationsOf(text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((lineText, line) => {
    for (const m of lineText.matchAll(/expect:\s*([a-z0-9 -]+?)\s*\*\//g)) {
      for (const code of m[1].split(/\s+/).filter(Boolean)) out.push({ line, code });
    }
  });
  return out;
}

/** The baseline a fixture declares, or undefined. Names apply to both defines and records. */
export function baselineOf(text: string, file: string): CheckBaseline | undefined {
  const m = /kpw-baseline:\s*([\w\s]*?)\s*\*\//.exec(text);
  if (!m) return undefined;
  const names = new Set(m[1].split(/\s+/).filter(Boolean));
  return { defines: new Map([[file, names]]), records: new Map([[file, names]]) };
}

/** `line:code` strings, sorted, for a readable assert.deepEqual diff. */
export function keys(items: { line: number; code: string }[]): string[] {
  return items.map((i) => `${i.line + 1}:${i.code}`).sort();
}

export function findingKeys(diags: Diagnostic[], file: string, codes: ReadonlySet<string>): string[] {
  const relevant = diags.filter((d) => d.file === file && (codes.has(d.code) || d.severity === 'error'));
  return keys(relevant.map((d) => ({ line: d.range.start.line, code: d.code })));
}
