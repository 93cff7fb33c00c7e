// Incremental reparsing: a unit parsed from a previous one (tree-sitter edit +
// reparse) must equal a fresh parse of the same text, whatever the edit.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { textChange } from '../../../src/core/parser/index';
import { renderUnit } from '../../../src/core/parser/render-ast';
import { FIXTURES, parseText, ready, render } from './helpers';

before(ready);

const BASE = readFileSync(join(FIXTURES, 'fields.h'), 'utf8');

/** [description, edit] pairs; each edit maps the previous text to the next. */
const EDITS: [string, (t: string) => string][] = [
  ['rename a member (one character)', (t) => t.replace('argv', 'argw')],
  ['insert a member', (t) => t.replace('\tchar **argw;', '\tchar **argw;\n\tint inserted;')],
  ['delete a member', (t) => t.replace('\tint inserted;\n', '')],
  ['break the syntax', (t) => t.replace('__u32 :24;', '__u32 :24 @@;')],
  ['repair the syntax', (t) => t.replace(' @@;', ';')],
  ['edit at the very start', (t) => `/* x */${t}`],
  ['edit at the very end', (t) => `${t}struct tail { int t; };\n`],
  ['replace everything', () => 'enum only { ONE };\n'],
  ['empty text', () => ''],
  ['back to the original', () => BASE],
];

test('incremental reparses equal fresh parses along a chain of edits', () => {
  let text = BASE;
  let unit = parseText(text);
  for (const [what, edit] of EDITS) {
    text = edit(text);
    const next = parseText(text, 'test.h', unit);
    unit.dispose();
    assert.equal(renderUnit(next.ast), render(text), what);
    assert.equal(next.text, text);
    unit = next;
  }
  unit.dispose();
  unit.dispose(); // idempotent
});

test('the previous unit stays usable after a reparse from it', () => {
  const first = parseText(BASE);
  const second = parseText(BASE.replace('matrix', 'matrjx'), 'test.h', first);
  const third = parseText(BASE.replace('flex', 'flux'), 'test.h', first);
  assert.match(renderUnit(second.ast), /matrjx/);
  assert.match(renderUnit(third.ast), /flux/);
  assert.doesNotMatch(renderUnit(third.ast), /matrjx/);
  for (const u of [first, second, third]) u.dispose();
});

test('a disposed previous unit falls back to a full parse', () => {
  const first = parseText(BASE);
  first.dispose();
  const next = parseText(`${BASE} `, 'test.h', first);
  assert.equal(renderUnit(next.ast), render(`${BASE} `));
  next.dispose();
});

test('textChange finds the common prefix and suffix', () => {
  const cases: [string, string, [number, number, number]][] = [
    ['abcdef', 'abXdef', [2, 3, 3]],
    ['abcdef', 'abdef', [2, 3, 2]],
    ['abc', 'abcd', [3, 3, 4]],
    ['aaaa', 'aaa', [3, 4, 3]],
    ['', 'x', [0, 0, 1]],
    ['same', 'same', [4, 4, 4]],
  ];
  for (const [a, b, [start, oldEnd, newEnd]] of cases) {
    assert.deepEqual(textChange(a, b), { start, oldEnd, newEnd }, `${a} -> ${b}`);
  }
});
