// tree-sitter's time budget: a cancelled parse falls back to the hand parser for the
// whole unit with the same AST and diagnostics, leaves the parser usable, and the next
// parse from a fallen-back unit is a full one. Budgets that cancel at the first progress
// check (a negative floor) make these tests deterministic: no timing is asserted.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { identityMap, parseUnit, type ParseBudget } from '../../../src/core/parser/index';
import { budgetCheck } from '../../../src/core/parser/recovery/parse-budget';
import { renderUnit } from '../../../src/core/parser/render-ast';
import { FIXTURES, parseText, ready, render, renderByHand } from './helpers';

before(ready);

/** Cancels at tree-sitter's first progress check (texts over ~100 bytes get one). */
const CANCEL_AT_ONCE: ParseBudget = { floorMs: -1, msPer100KB: 0 };

function parseCancelled(text: string, file: string) {
  const unit = parseUnit(text, identityMap(file, text), undefined, { budget: CANCEL_AT_ONCE });
  unit.dispose();
  return unit;
}

/** Fixtures long enough for tree-sitter to check progress at least once. */
const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.h') && readFileSync(join(FIXTURES, f)).length >= 300)
  .sort();

test('most fixtures are long enough to be cancelled', () => {
  assert.ok(fixtures.length >= 12, fixtures.join(', '));
});

for (const name of fixtures) {
  test(`a cancelled parse of ${name} equals the hand parser alone`, () => {
    const text = readFileSync(join(FIXTURES, name), 'latin1');
    const unit = parseCancelled(text, name);
    assert.equal(unit.path, 'hand-after-budget');
    assert.equal(renderUnit(unit.ast), renderByHand(text, name));
    // Valid C means the same whichever parser reads it.
    if (!name.startsWith('damaged-')) assert.equal(renderUnit(unit.ast), render(text, name));
  });
}

test('a cancelled parse still reports syntax errors with their cause', () => {
  const text = readFileSync(join(FIXTURES, 'damaged-bad-member.h'), 'latin1');
  const unit = parseCancelled(text, 'damaged-bad-member.h');
  const errors = unit.ast.diagnostics.filter((d) => d.code === 'syntax-error');
  assert.ok(errors.length >= 3, renderUnit(unit.ast));
  assert.match(errors[0].message, /expected a name to declare, found '@'/);
  assert.equal(errors[0].file, 'damaged-bad-member.h');
});

test('after a cancelled parse, the parser parses the next text from the start', () => {
  const first = readFileSync(join(FIXTURES, 'records.h'), 'latin1');
  const second = readFileSync(join(FIXTURES, 'enums.h'), 'latin1');
  parseCancelled(first, 'records.h');
  const unit = parseText(second, 'enums.h');
  unit.dispose();
  assert.equal(unit.path, 'tree-sitter');
  assert.equal(renderUnit(unit.ast), renderByHand(second, 'enums.h'));
});

test('a reparse from a fallen-back unit is a full parse, and incremental parses resume', () => {
  const base = readFileSync(join(FIXTURES, 'fields.h'), 'utf8');
  const fallen = parseUnit(base, identityMap('test.h', base), undefined, { budget: CANCEL_AT_ONCE });
  const edited = base.replace('argv', 'argw');
  const full = parseText(edited, 'test.h', fallen);
  fallen.dispose();
  assert.equal(full.path, 'tree-sitter');
  assert.equal(renderUnit(full.ast), render(edited));
  const again = edited.replace('matrix', 'matrjx');
  const incremental = parseText(again, 'test.h', full);
  full.dispose();
  assert.equal(renderUnit(incremental.ast), render(again));
  // and a cancelled reparse from a unit with a tree drops that tree cleanly
  const cancelled = parseUnit(base, identityMap('test.h', base), incremental, { budget: CANCEL_AT_ONCE });
  incremental.dispose();
  assert.equal(cancelled.path, 'hand-after-budget');
  assert.equal(renderUnit(cancelled.ast), render(base));
  cancelled.dispose();
});

test('the default budget leaves ordinary headers to tree-sitter', () => {
  const text = readFileSync(join(FIXTURES, 'uapi-shapes.h'), 'latin1');
  const unit = parseText(text, 'uapi-shapes.h');
  unit.dispose();
  assert.equal(unit.path, 'tree-sitter');
});

test('budgetCheck: floor, then a pace proportional to the position reached', () => {
  let now = 0;
  const check = budgetCheck({ floorMs: 10, msPer100KB: 4 }, () => now);
  now = 10;
  assert.equal(check(0), false, 'within the floor');
  now = 10.5;
  assert.equal(check(0), true, 'past the floor at the start');
  now = 13.9;
  assert.equal(check(2 * 102400), false, '100 KB reached: floor + 4 ms allowed');
  now = 14.1;
  assert.equal(check(2 * 102400), true, 'behind pace at 100 KB');
});
