// One list of type qualifiers (lang/type-words.ts) for declarations and for type names inside
// #if / sizeof: every qualifier, alone and in pairs, is skipped the same way on both paths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getAbi } from '../../../src/core/abi/index';
import type { FileHost } from '../../../src/core/host/types';
import { TYPE_QUALIFIERS } from '../../../src/core/lang/type-words';
import { buildHeaderModel } from '../../../src/core/model/header-model';

test('every qualifier (and every pair) is skipped alike in a member declaration and in #if sizeof', async () => {
  const quals = [...TYPE_QUALIFIERS];
  const spellings = [...quals, ...quals.flatMap((a, i) => quals.slice(i + 1, i + 3).map((b) => `${a} ${b}`))];
  assert.ok(spellings.length > 20);
  const file = '/virtual/qualifiers.h';
  const lines = spellings.flatMap((q, i) => [
    `#if sizeof(${q} int) != 4`,
    `#error sizeof(${q} int) is not 4 in #if`,
    '#endif',
    `struct q${i} { ${q} int a; ${q} char b; };`,
  ]);
  const host: FileHost = {
    readFile: (p) => (p === file ? lines.join('\n') + '\n' : undefined),
    fileExists: (p) => p === file,
  };
  const model = await buildHeaderModel({ files: [file], abi: getAbi('x86_64')!, host });
  assert.deepEqual(
    model.diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`),
    [],
  );
  spellings.forEach((q, i) => assert.equal(model.record(`q${i}`)?.size, 8, q));
});

test('the checker can fail: a word that is no qualifier is an error on both paths', async () => {
  const file = '/virtual/not-a-qualifier.h';
  const text = '#if sizeof(__not_a_qualifier int) != 4\n#endif\nstruct s { __not_a_qualifier int a; };\n';
  const host: FileHost = { readFile: (p) => (p === file ? text : undefined), fileExists: (p) => p === file };
  const model = await buildHeaderModel({ files: [file], abi: getAbi('x86_64')!, host });
  assert.ok(model.diagnostics.length >= 1, 'no diagnostic for an unknown word');
});
