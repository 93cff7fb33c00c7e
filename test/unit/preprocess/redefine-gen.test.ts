// `'X' redefined` warnings on generated #define/#undef sequences, in a main file and in an
// include replayed from the cache by a second run: a name defined for the first time skips the
// macro-table probe (the never-defined bit filter), so every sequence of first definitions,
// redefinitions (same or different), #undefs and re-#defines must warn exactly where a plain
// walk over the same lines says: on a different definition of a name that is defined.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPreprocessCache, preprocess } from '../../../src/core/preprocess/preprocess';
import { memoryHost } from './helpers';

const NAMES = ['A', 'B', 'AB', 'BA', 'FOO_1', 'FOO_2'];
const DEFS = [' 1', ' 2', '(x)', '(x) x', '(y) y'];

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) / (1 << 24);
}

/** Generated lines and the 1-based lines that must warn. */
function program(seed: number): { lines: string[]; warn: number[] } {
  const next = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  const current = new Map<string, string>();
  const lines: string[] = [];
  const warn: number[] = [];
  const n = 3 + Math.floor(next() * 20);
  for (let k = 0; k < n; k++) {
    const name = pick(NAMES);
    if (next() < 0.25) {
      lines.push(`#undef ${name}`);
      current.delete(name);
      continue;
    }
    const def = pick(DEFS);
    const prev = current.get(name);
    if (prev !== undefined && prev !== def) warn.push(lines.length + 1);
    current.set(name, def);
    lines.push(`#define ${name}${def}`);
  }
  return { lines, warn };
}

function warnedLines(
  diags: { code: string; message: string; range: { start: { line: number } } }[],
): number[] {
  return diags
    .filter((d) => d.message.endsWith("' redefined"))
    .map((d) => d.range.start.line + 1)
    .sort((a, b) => a - b);
}

test('redefinition warnings on generated sequences equal the plain walk', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const { lines, warn } = program(seed);
    const host = memoryHost({ '/m.h': lines.join('\n') + '\n' });
    const unit = preprocess(['/m.h'], host, { includeDirs: [], predefined: {} });
    assert.deepEqual(warnedLines(unit.diagnostics), warn, `seed ${seed}:\n${lines.join('\n')}`);
  }
});

test('the same in an include, recorded by one run and replayed by the next', () => {
  for (let seed = 1; seed <= 150; seed++) {
    const { lines, warn } = program(seed);
    const host = memoryHost({ '/m.h': '#include "inc.h"\n', '/inc.h': lines.join('\n') + '\n' });
    const cache = createPreprocessCache();
    for (let run = 0; run < 2; run++) {
      const unit = preprocess(['/m.h'], host, { includeDirs: [], predefined: {}, cache });
      const got = warnedLines(unit.diagnostics.filter((d) => d.file === '/inc.h'));
      assert.deepEqual(got, warn, `seed ${seed} run ${run}:\n${lines.join('\n')}`);
    }
  }
});
