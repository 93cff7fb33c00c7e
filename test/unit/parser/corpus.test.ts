// Corpus tests over real kernel UAPI headers expanded by gcc -E: no syntax
// errors, and every struct definition grep finds is in the model (vfio.h 6.1: 42).

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { DiagCode } from '../../../src/core/diag/codes';
import {
  gccExpand,
  gccMissing,
  grepStructDefinitions,
  headerCorpus,
  parseText,
  ready,
  render,
  renderByHand,
  topLevelStructNames,
} from './helpers';

before(ready);
const skip = gccMissing();

test('vfio.h: zero syntax errors and all 42 struct definitions', { skip }, () => {
  const text = gccExpand('/usr/include/linux/vfio.h');
  const unit = parseText(text, 'vfio.i');
  unit.dispose();
  const errors = unit.ast.diagnostics.filter((d) => d.code === DiagCode.syntaxError);
  assert.deepEqual(errors, []);
  const expected = grepStructDefinitions(text);
  assert.equal(expected.length, 42, 'linux-libc-dev 6.1 vfio.h has 42 struct definitions');
  assert.deepEqual(topLevelStructNames(unit.ast.decls), expected);
});

test(
  'every linux/*.h that compiles alone: zero syntax errors, struct definitions match grep',
  { skip },
  () => {
    const text = headerCorpus();
    const unit = parseText(text, 'corpus.i');
    unit.dispose();
    assert.deepEqual(
      unit.ast.diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`),
      [],
    );
    const expected = grepStructDefinitions(text);
    assert.ok(expected.length > 2000, `corpus too small: ${expected.length} structs`);
    assert.deepEqual(topLevelStructNames(unit.ast.decls), expected);
  },
);

test('the recovery parser agrees with the tree lowering on the whole corpus', { skip }, () => {
  const text = headerCorpus();
  assert.equal(renderByHand(text), render(text));
});
