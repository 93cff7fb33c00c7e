// What the unit reports besides text: the source map (copied text exact,
// expansions mapped to their invocation, included files), #define records
// with doc comments and active flags, #include records, pragmas.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preprocess } from '../../../src/core/preprocess/preprocess';
import { memoryHost } from './helpers';

const MAIN = [
  '/* file comment */',
  '#include "a.h"',
  '/** Doc for FOO. */',
  '#define FOO 1',
  '',
  '/* not attached: blank line follows */',
  '',
  '#define BAR 2 /* trailing */',
  '#define BAZ(x) ((x) + FOO)',
  '#if 0',
  '// line doc',
  '// second line',
  '#define SKIPPED 3',
  '#endif',
  'struct s { int v; } x = { BAZ(1) };',
  '#pragma pack(2)',
  'int tail;',
  '',
].join('\n');

function unit() {
  const host = memoryHost({ '/m.h': MAIN, '/inc/a.h': 'struct a { int y; };\n' });
  return preprocess(['/m.h'], host, { includeDirs: ['/inc'], predefined: { ABI_X: '1' } });
}

test('copied text maps offset for offset, in main and included files', () => {
  const u = unit();
  const at = u.text.indexOf('struct s');
  const loc = u.map.locate(at, at + 'struct s'.length);
  assert.deepEqual(loc, {
    file: '/m.h',
    range: { start: { line: 14, character: 0 }, end: { line: 14, character: 8 } },
  });
  const a = u.text.indexOf('int y');
  assert.deepEqual(u.map.locate(a, a + 5), {
    file: '/inc/a.h',
    range: { start: { line: 0, character: 11 }, end: { line: 0, character: 16 } },
  });
  const c = u.text.indexOf('/* file comment */');
  assert.equal(c, 0, 'comments outside directives are kept');
  assert.ok(!u.text.includes('trailing'), 'comments on directive lines are dropped');
});

test('an expansion maps to its invocation; argument tokens map to where they were written', () => {
  const u = unit();
  const at = u.text.indexOf('((1) + 1)');
  assert.ok(at > 0, u.text);
  const whole = { start: { line: 14, character: 26 }, end: { line: 14, character: 32 } };
  assert.deepEqual(u.map.locate(at, at + 9), { file: '/m.h', range: whole });
  assert.deepEqual(u.map.locate(at, at + 1).range, { start: whole.start, end: whole.end });
  assert.deepEqual(u.map.locate(at + 2, at + 3).range, {
    start: { line: 14, character: 30 },
    end: { line: 14, character: 31 },
  });
});

test('members inside a multi-line __struct_group invocation map to their own lines', () => {
  const src = [
    '#define __struct_group(TAG, NAME, ATTRS, MEMBERS...) union { struct { MEMBERS } ATTRS; struct TAG { MEMBERS } ATTRS NAME; } ATTRS',
    'struct s {',
    '\t__struct_group(t, g, ,',
    '\t\t__u32 first;',
    '\t\t__u16 second;',
    '\t);',
    '\tint after;',
    '};',
    '',
  ].join('\n');
  const u = preprocess(['/m.h'], memoryHost({ '/m.h': src }), { includeDirs: [], predefined: {} });
  const second = u.text.indexOf('second');
  assert.deepEqual(u.map.locate(second, second + 6).range, {
    start: { line: 4, character: 8 },
    end: { line: 4, character: 14 },
  });
  const member = u.text.indexOf('__u32 first;');
  assert.deepEqual(u.map.locate(member, member + 12).range, {
    start: { line: 3, character: 2 },
    end: { line: 3, character: 14 },
  });
  const after = u.text.indexOf('int after');
  assert.deepEqual(u.map.locate(after, after + 9).range, {
    start: { line: 6, character: 1 },
    end: { line: 6, character: 10 },
  });
  assert.equal(u.text.split('\n').length, src.split('\n').length, 'line count kept');
});

test('line structure of the main file is kept around directives', () => {
  const u = unit();
  const mainStart = u.text.indexOf('/* not attached');
  const lines = u.text.slice(u.text.indexOf('\n', u.text.indexOf('struct a')) + 1).split('\n');
  assert.equal(
    lines.length,
    MAIN.split('\n').length - 1,
    'one output line per main-file line after the include',
  );
  assert.ok(mainStart > 0);
});

test('#define records: name locations, doc comments, active flags', () => {
  const u = unit();
  const rec = Object.fromEntries(u.defines.map((d) => [d.macro.name, d]));
  assert.deepEqual(Object.keys(rec), ['FOO', 'BAR', 'BAZ', 'SKIPPED']);
  assert.equal(rec.FOO.doc, 'Doc for FOO.');
  assert.equal(rec.BAR.doc, undefined);
  assert.equal(rec.BAZ.doc, undefined);
  assert.equal(rec.SKIPPED.doc, 'line doc\nsecond line');
  assert.deepEqual(rec.FOO.nameLoc, {
    file: '/m.h',
    range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } },
  });
  assert.equal(rec.SKIPPED.active, false);
  assert.equal(rec.FOO.active, true);
  assert.deepEqual(rec.BAZ.macro.params, ['x']);
  assert.equal(rec.BAZ.macro.bodyText, '((x) + FOO)');
  assert.equal(u.macros.has('SKIPPED'), false);
  assert.equal(u.macros.get('ABI_X')?.loc.file, '<built-in>');
  assert.equal(u.macros.get('__inline__')?.bodyText, 'inline');
  assert.equal(JSON.parse(JSON.stringify(rec.FOO)).doc, 'Doc for FOO.');
});

test('#include records and pragmas', () => {
  const u = unit();
  assert.deepEqual(
    u.includes.map((i) => ({ ...i, loc: { file: i.loc.file, line: i.loc.range.start.line } })),
    [
      {
        fromFile: '/m.h',
        loc: { file: '/m.h', line: 1 },
        spelled: 'a.h',
        angled: false,
        resolved: '/inc/a.h',
      },
    ],
  );
  assert.deepEqual(u.files, ['/m.h', '/inc/a.h']);
  assert.equal(u.pragmas?.length, 1);
  assert.equal(u.pragmas![0].text, 'pack(2)');
  assert.ok(u.text.slice(u.pragmas![0].offset).trimStart().startsWith('int tail;'));
});
