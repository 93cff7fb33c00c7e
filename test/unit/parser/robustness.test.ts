// Bad input never throws or hangs: binary junk, huge files, deep nesting,
// unterminated comments and strings all yield a value with diagnostics.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { DiagCode } from '../../../src/core/diag/codes';
import { parseText, ready, topLevelStructNames } from './helpers';

before(ready);

function parseSafely(text: string) {
  const unit = parseText(text);
  unit.dispose();
  return unit.ast;
}

/** Deterministic pseudo-random bytes (no Math.random: failures must reproduce). */
function junk(length: number, seed: number): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += String.fromCharCode(x % 0x10000);
  }
  return out;
}

const NASTY: [string, string][] = [
  ['empty', ''],
  ['only a comment', '/* nothing */'],
  ['unterminated comment', 'struct a { int x; }; /* never closed'],
  ['unterminated string', 'char *s = "never closed;\nstruct b { int y; };'],
  ['lone surrogates', 'struct \ud800 { int \udfff; };'],
  ['NUL bytes', 'struct a {\0 int x; };\0\0'],
  ['deep parentheses', `int x[${'('.repeat(5000)}1${')'.repeat(5000)}];`],
  ['deep open parentheses', `int x[${'('.repeat(20000)}`],
  ['deep braces', `struct a ${'{ struct b '.repeat(3000)}`],
  ['deep pointer declarator', `int ${'*'.repeat(20000)}p;`],
  ['many closing braces', '}'.repeat(10000)],
  ['random UTF-16', junk(20000, 7)],
  ['random ASCII', junk(20000, 11).replace(/[^\x20-\x7e\n]/g, ';')],
];

for (const [name, text] of NASTY) {
  test(`does not throw on ${name}`, () => {
    const ast = parseSafely(text);
    for (const d of ast.diagnostics) {
      assert.equal(d.code, DiagCode.syntaxError);
      assert.ok(d.message.length > 0);
    }
  });
}

test('a 10 MB file with damage sprinkled in keeps every good struct', () => {
  const parts: string[] = [];
  const expected: string[] = [];
  for (let i = 0, size = 0; size < 10 << 20; i++) {
    const chunk: string[] = [];
    for (let j = 0; j < 2000; j++) {
      const n = i * 2000 + j;
      const pad = j % 10 === 0 ? '\tunsigned long long :8;\n' : '';
      chunk.push(`/* struct s${n} */\nstruct s${n} {\n\tunsigned int a${n};\n\tchar name[16];\n${pad}};\n`);
      expected.push(`s${n}`);
    }
    chunk.push(i % 2 ? '@@@ junk ) ] }\n' : 'struct broken { int x\n');
    parts.push(chunk.join(''));
    size += parts[i].length;
  }
  const ast = parseSafely(parts.join(''));
  const found = new Set(topLevelStructNames(ast.decls));
  const missing = expected.filter((n) => !found.has(n));
  assert.deepEqual(missing, []);
  assert.equal(ast.diagnostics.length, parts.length, 'one diagnostic per damaged spot');
});

test('a struct body with one bad member still yields the other members', () => {
  const ast = parseSafely('struct s { int a; int @@; int b; };\nstruct t { int c; };\n');
  const s = ast.decls[0];
  assert.equal(s.kind, 'record');
  assert.deepEqual(s.kind === 'record' ? s.decl.fields?.map((f) => f.name) : [], ['a', 'b']);
  assert.deepEqual(topLevelStructNames(ast.decls), ['s', 't']);
  assert.equal(ast.diagnostics.length, 1);
  assert.match(ast.diagnostics[0].message, /expected a name to declare, found '@'/);
  assert.deepEqual(ast.diagnostics[0].range.start, { line: 0, character: 22 });
});
