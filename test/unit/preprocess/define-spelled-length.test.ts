// A #define's body counts against the unit's size budget by its spelling's length, measured on
// the source line without building the body (a define of 500,000 tokens was built and spelled in
// one step of the build). The measure must equal bodyText.length: generated bodies of every token
// kind, spacing, comment and line splice, and every installed UAPI header's defines.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { bodyTextLength } from '../../../src/core/preprocess/macro-def';
import { preprocess } from '../../../src/core/preprocess/preprocess';
import { HAVE_UAPI, memoryHost } from './helpers';

/** Pieces whose neighbours test every rule of spell(): words, numbers with exponents, strings,
 *  char constants, punctuators that join (`- -`, `. .`, `< :`), comments and line splices. */
const PIECES = [
  'a',
  'x1',
  '_Y',
  '0',
  '1e',
  '0x1p',
  '1.5',
  'e',
  'E',
  'p',
  '+',
  '-',
  '--',
  '.',
  '..',
  '...',
  '"s"',
  "'c'",
  'L',
  'u8',
  '<',
  ':',
  '%',
  '>',
  '#',
  '##',
  '/',
  '*',
  '=',
  '&',
  '|',
  '(',
  ')',
  ',',
  '$',
  '\u00e9',
  ' ',
  '  ',
  '\t',
  '/* c */',
  '/**/',
  '\\\n',
  ' \\\n ',
];

/** A seeded generator (mulberry32): the same bodies on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lengthsOf(text: string): [string, number, number][] {
  const u = preprocess(['/m.h'], memoryHost({ '/m.h': text }), { includeDirs: [], predefined: {} });
  // Measured first (the body not built), then the spelling itself.
  const measured = u.defines.map((d) => [d.macro.name, bodyTextLength(d.macro)] as const);
  return measured.map(([name, n], k) => [name, n, u.defines[k].macro.bodyText.length]);
}

test('the measured length of 3000 generated #define bodies is their spelling length', () => {
  const next = random(15);
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const n = Math.floor(next() * 12);
    let body = '';
    for (let k = 0; k < n; k++) body += PIECES[Math.floor(next() * PIECES.length)];
    // Some function-like: parameters shape where the body starts, not how it is spelled.
    const head = i % 3 === 0 ? `D${i}(a, b)` : `D${i}`;
    lines.push(`#define ${head} ${body}`);
  }
  const lengths = lengthsOf(lines.join('\n') + '\n');
  assert.ok(lengths.length > 2500, String(lengths.length));
  for (const [name, measured, spelled] of lengths) assert.equal(measured, spelled, name);
});

test(
  "every installed UAPI header's #defines measure as they spell",
  { skip: !HAVE_UAPI && !process.env.CI && 'no UAPI headers' },
  () => {
    const dir = '/usr/include/linux';
    let count = 0;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.h'))) {
      for (const [macro, measured, spelled] of lengthsOf(readFileSync(`${dir}/${name}`, 'utf8'))) {
        assert.equal(measured, spelled, `${name}: ${macro}`);
        count++;
      }
    }
    assert.ok(count > 10_000, String(count));
  },
);
