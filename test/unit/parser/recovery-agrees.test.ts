// Differential test between the two lowerings: the tree-sitter lowering and the
// hand-written recovery parser must build the same AST for valid C, so a
// declaration means the same thing whichever path it takes.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, gccExpand, gccMissing, ready, render, renderByHand } from './helpers';

before(ready);

for (const name of readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.h') && !f.startsWith('damaged-'))
  .sort()) {
  test(`both lowerings agree on ${name}`, () => {
    const text = readFileSync(join(FIXTURES, name), 'latin1');
    assert.equal(renderByHand(text, name), render(text, name));
  });
}

test('both lowerings agree on vfio.h expanded by gcc', { skip: gccMissing() }, () => {
  const text = gccExpand('/usr/include/linux/vfio.h');
  assert.equal(renderByHand(text), render(text));
});
