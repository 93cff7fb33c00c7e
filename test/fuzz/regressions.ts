// The saved inputs of past findings, per target: test/fixtures/fuzz-regressions/<target>/
// *.input (the raw text) or *.json (a JSON string, for text that is not valid UTF-16).
// The fuzz run starts from them, and regressions.test.ts replays them in every test run.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGRESSIONS } from './targets/seeds';

export interface RegressionInput {
  file: string;
  input: string;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function regressionInputs(target: string): RegressionInput[] {
  const dir = join(REGRESSIONS, target);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.input') || n.endsWith('.json'))
    .sort()
    .map((n) => {
      const text = readFileSync(join(dir, n), 'utf8');
      return { file: join(dir, n), input: n.endsWith('.json') ? (JSON.parse(text) as string) : text };
    });
}

/** How a finding's input is stored: raw when UTF-8 keeps it intact, else as a JSON string. */
export function encodeRegression(input: string): { ext: '.input' | '.json'; text: string } {
  return LONE_SURROGATE.test(input)
    ? { ext: '.json', text: JSON.stringify(input) }
    : { ext: '.input', text: input };
}
