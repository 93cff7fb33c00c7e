// Literal decoding, driven by test/fixtures/parser/literals.txt
// (`input => expected` lines), plus base-type word normalization.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Expr } from '../../../src/core/lang/ast';
import { builtinFromWords } from '../../../src/core/parser/builtin-types';
import { parseCharLiteral, parseNumberLiteral } from '../../../src/core/parser/literals';
import { FIXTURES } from './helpers';

function describe(e: Expr): string {
  if (e.kind === 'int')
    return `int ${e.value}${e.unsigned ? ' unsigned' : ''}${e.longs ? ` longs=${e.longs}` : ''}`;
  if (e.kind === 'char') return `char ${e.value}`;
  if (e.kind === 'invalid') return `invalid ${e.reason}`;
  return e.kind;
}

const lines = readFileSync(join(FIXTURES, 'literals.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'));
for (const line of lines) {
  const [input, expected] = line.split(' => ');
  test(`literal ${input}`, () => {
    const e = /^[LuU]?'/.test(input) ? parseCharLiteral(input) : parseNumberLiteral(input);
    assert.equal(describe(e), expected);
  });
}

const WORDS: [string, string | undefined][] = [
  ['unsigned', 'unsigned int'],
  ['signed', 'int'],
  ['long unsigned int', 'unsigned long'],
  ['int long long unsigned', 'unsigned long long'],
  ['short int', 'short'],
  ['int short unsigned', 'unsigned short'],
  ['__signed__ char', 'signed char'],
  ['char unsigned', 'unsigned char'],
  ['long double', 'long double'],
  ['unsigned __int128', 'unsigned __int128'],
  ['bool', '_Bool'],
  ['long long long', undefined],
  ['short long', undefined],
  ['unsigned signed', undefined],
  ['unsigned float', undefined],
  ['long char', undefined],
  ['double double', undefined],
  ['_Complex double', undefined],
  ['', undefined],
];

for (const [words, expected] of WORDS) {
  test(`base type '${words}'`, () => {
    assert.equal(builtinFromWords(words.split(' ').filter(Boolean)), expected);
  });
}
