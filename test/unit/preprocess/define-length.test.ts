// The preprocessor's #define size budget counts each body's spelled length without
// building the body (bodyTextLength): generated #define lines (every punctuator pair that
// would paste, spacing of spaces, tabs, comments and line splices, function-like heads)
// and the installed UAPI headers must give exactly bodyText.length; and a #define line
// parsed once for several runs (the ABIs share the lexed file) gives each run the same records.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPreprocessCache, preprocess } from '../../../src/core/preprocess/preprocess';
import { bodyTextLength } from '../../../src/core/preprocess/macro-def';
import type { ExpandedUnit } from '../../../src/core/preprocess/types';
import { HAVE_UAPI, memoryHost } from './helpers';

const PIECES = [
  'x',
  'foo_1',
  '0x1p',
  '1e',
  '12',
  '"s"',
  "'c'",
  'L',
  '+',
  '-',
  '++',
  '<',
  '<<',
  '=',
  '>',
  '#',
  '##',
  '.',
  '..',
  '...',
  '/',
  '*',
  '%',
  ':',
  '(',
  ')',
  ',',
  '&',
  '|',
];
const GAPS = ['', '', ' ', '\t', '  ', '/* c */', ' \\\n ', '\\\n'];

/** A small deterministic generator (the same lines on every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generatedHeader(count: number, seed: number): string {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const lines: string[] = [];
  for (let n = 0; n < count; n++) {
    const head = r() < 0.3 ? `M${n}(a, b)` : `M${n}`;
    const body: string[] = [];
    const len = Math.floor(r() * 8);
    for (let k = 0; k < len; k++) body.push(pick(GAPS), r() < 0.2 && head.includes('(') ? 'a' : pick(PIECES));
    lines.push(`#define ${head}${pick([' ', '\t', '/**/'])}${body.join('')}${pick(['', ' ', ' /* t */'])}`);
  }
  return lines.join('\n') + '\n';
}

/** Each recorded #define's counted length, asked before its body is built, against its spelling. */
function checkLengths(unit: ExpandedUnit): number {
  let checked = 0;
  for (const d of unit.defines) {
    const counted = bodyTextLength(d.macro);
    assert.equal(counted, d.macro.bodyText.length, `#define ${d.macro.name} ${d.macro.bodyText}`);
    checked++;
  }
  return checked;
}

test('counted #define lengths equal the spelled bodies on generated lines', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const host = memoryHost({ '/g/gen.h': generatedHeader(400, seed) });
    const unit = preprocess(['/g/gen.h'], host, { includeDirs: [], predefined: {} });
    assert.ok(checkLengths(unit) > 300);
  }
});

test('counted #define lengths equal the spelled bodies on the installed UAPI headers', (t) => {
  if (!HAVE_UAPI) {
    if (process.env.CI === 'true') assert.fail('the installed UAPI headers (linux-libc-dev) are missing');
    t.skip('no installed UAPI headers (linux-libc-dev)');
    return;
  }
  const dir = '/usr/include/linux';
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.h'))
    .sort()
    .filter((_, i) => i % 7 === 0);
  let checked = 0;
  for (const f of files) {
    const host = memoryHost({ [join('/m', f)]: readFileSync(join(dir, f), 'utf8') });
    checked += checkLengths(preprocess([join('/m', f)], host, { includeDirs: [], predefined: {} }));
  }
  assert.ok(checked > 1000, `${checked} defines`);
});

test('a #define line parsed once serves every run that shares the lexed file alike', () => {
  const text = generatedHeader(200, 9);
  const host = memoryHost({ '/g/gen.h': text });
  const shared = createPreprocessCache();
  const tables: Record<string, string>[] = [{ A: '1' }, { B: '2' }, { A: '1' }];
  const runs = tables.map((predefined) =>
    preprocess(['/g/gen.h'], host, { includeDirs: [], predefined, cache: createPreprocessCache(shared) }),
  );
  const alone = preprocess(['/g/gen.h'], host, { includeDirs: [], predefined: {} });
  const view = (u: ExpandedUnit) =>
    u.defines.map((d) => ({
      name: d.macro.name,
      params: d.macro.params,
      body: d.macro.bodyText,
      loc: d.nameLoc,
      active: d.active,
      doc: d.doc,
    }));
  for (const u of runs) assert.deepEqual(view(u), view(alone));
  assert.deepEqual(
    runs.map((u) => u.diagnostics.map((d) => d.message)),
    runs.map(() => alone.diagnostics.map((d) => d.message)),
  );
});
