// Doc comments are attached lazily (cleaned on first read); they must still
// behave as plain data for consumers: JSON, structuredClone, assignment.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { RecordDecl } from '../../../src/core/lang/ast';
import { parseText, ready } from './helpers';

before(ready);

const TEXT = '/**\n * struct s - a thing\n * @a: first\n */\nstruct s { int a; };\n';

function firstRecord(): RecordDecl {
  const unit = parseText(TEXT);
  unit.dispose();
  const d = unit.ast.decls[0];
  assert.equal(d.kind, 'record');
  return (d as { kind: 'record'; decl: RecordDecl }).decl;
}

test('a lazy doc reads as a string and serializes as data', () => {
  const r = firstRecord();
  assert.equal(JSON.parse(JSON.stringify(r)).doc, 'struct s - a thing\n@a: first');
  assert.equal(structuredClone(r).doc, 'struct s - a thing\n@a: first');
  assert.equal(r.doc, 'struct s - a thing\n@a: first');
  assert.deepEqual(Object.keys(r).includes('doc'), true);
});

test('a lazy doc can be overwritten before and after it is read', () => {
  const unread = firstRecord();
  unread.doc = 'replaced';
  assert.equal(unread.doc, 'replaced');
  const read = firstRecord();
  void read.doc;
  read.doc = undefined;
  assert.equal(read.doc, undefined);
});
