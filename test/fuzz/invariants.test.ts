// The fuzz invariants can fail: hand-made broken layouts and diagnostics are
// rejected with a message naming what broke, and sane ones pass.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from '../../src/core/diag/diagnostic';
import type { MemberLayout, RecordLayout } from '../../src/core/layout/types';
import { checkDiagnostics } from './invariants/diagnostics';
import { checkRecordLayout } from './invariants/layout';

const LOC = { file: '/x.h', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
const m = (
  name: string,
  offset: number,
  size: number | null,
  extra: Partial<MemberLayout> = {},
): MemberLayout => ({ name, typeName: 'int', offset, size, align: 1, loc: LOC, ...extra });
const record = (
  kind: 'struct' | 'union',
  size: number,
  members: MemberLayout[],
  extra: Partial<RecordLayout> = {},
): RecordLayout => ({
  name: 'r',
  kind,
  abi: 'x86_64',
  size,
  align: 4,
  packed: false,
  loc: LOC,
  members,
  fields: [],
  holes: [],
  trailingPadding: 0,
  diagnostics: [],
  ...extra,
});

test('a sane struct, union and bitfields pass', () => {
  checkRecordLayout(
    record('struct', 8, [
      m('a', 0, 4),
      m('b', 4, 2),
      m('c', 6, 1, { bitOffset: 48, bitSize: 3 }),
      m('d', 6, 1, { bitOffset: 51, bitSize: 5 }),
    ]),
  );
  checkRecordLayout(record('union', 4, [m('a', 0, 4), m('b', 0, 1)]));
  checkRecordLayout(record('struct', 4, [m('a', 0, 4), m('flex', 4, null)]));
});

test('broken layouts are rejected', () => {
  const cases: [string, RecordLayout, RegExp][] = [
    ['overlap', record('struct', 8, [m('a', 0, 4), m('b', 2, 4)]), /overlaps/],
    [
      'bit overlap',
      record('struct', 4, [
        m('a', 0, 4, { bitOffset: 0, bitSize: 5 }),
        m('b', 0, 4, { bitOffset: 4, bitSize: 2 }),
      ]),
      /overlaps/,
    ],
    ['past the end', record('struct', 4, [m('a', 0, 4), m('b', 4, 4)]), /ends past/],
    ['union member off its start', record('union', 8, [m('a', 4, 4)]), /not at the union's start/],
    ['alignment', record('struct', 6, [m('a', 0, 4)], { align: 3 }), /power of two/],
    [
      'size not a multiple of the alignment',
      record('struct', 6, [m('a', 0, 4)]),
      /multiple of its alignment/,
    ],
    ['hole past the end', record('struct', 4, [m('a', 0, 4)], { holes: [{ offset: 4, size: 4 }] }), /hole/],
    ['negative offset', record('struct', 4, [m('a', -1, 4)]), /offset -1/],
  ];
  for (const [what, r, message] of cases) assert.throws(() => checkRecordLayout(r), message, what);
});

test('broken diagnostics are rejected', () => {
  const d = (extra: Partial<Diagnostic>): Diagnostic => ({
    code: 'x',
    severity: 'error',
    message: 'm',
    file: '/x.h',
    range: LOC.range,
    ...extra,
  });
  const texts = new Map([['/x.h', 'one line\n']]);
  checkDiagnostics([d({})], texts);
  assert.throws(() => checkDiagnostics([d({ file: '' })], texts), /names no file/);
  assert.throws(
    () =>
      checkDiagnostics(
        [d({ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } } })],
        texts,
      ),
    /past the end/,
  );
  assert.throws(
    () => checkDiagnostics([d({ message: 'internal parser error: boom' })], texts),
    /caught crash/,
  );
  assert.throws(
    () =>
      checkDiagnostics(
        [d({ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 1 } } })],
        texts,
      ),
    /ends before it starts/,
  );
});
