// Bad input never crashes or hangs: truncated headers, binary junk, a 10 MB
// file, include cycles and chains deeper than the limit, macro blow-ups,
// unterminated constructs. Each case checks the diagnostic code it produces.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { preprocess } from '../../../src/core/preprocess/preprocess';
import type { ExpandedUnit } from '../../../src/core/preprocess/types';
import { HAVE_UAPI, memoryHost, SYSTEM_INCLUDE } from './helpers';

function run(files: Record<string, string>, main = '/m.h', extra: object = {}): ExpandedUnit {
  return preprocess([main], memoryHost(files), { includeDirs: ['/inc'], predefined: {}, ...extra });
}

const codes = (u: ExpandedUnit) => u.diagnostics.map((d) => d.code);

test(
  'truncated vfio.h: an unterminated #ifndef guard and comment are reported',
  { skip: !HAVE_UAPI && 'no UAPI headers' },
  () => {
    const text = readFileSync('/usr/include/linux/vfio.h', 'utf8');
    for (const cut of [0.5, 0.77, 0.999]) {
      const truncated = text.slice(0, Math.floor(text.length * cut));
      const host = memoryHost({ '/m.h': truncated }, true);
      const u = preprocess(['/m.h'], host, { includeDirs: SYSTEM_INCLUDE, predefined: {} });
      assert.ok(codes(u).includes('preprocessor-directive'), `cut at ${cut}: ${codes(u)}`);
      assert.ok(
        u.diagnostics.some((d) => /unterminated #ifndef/.test(d.message) && d.range.start.line === 11),
      );
    }
  },
);

test('binary junk with NUL bytes is refused as file-unreadable', () => {
  const junk = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
  const u = run({ '/m.h': '#include "j.h"\nok\n', '/j.h': junk });
  assert.deepEqual(codes(u), ['file-unreadable']);
  assert.match(u.diagnostics[0].message, /binary/);
  assert.match(u.text, /ok/);
});

test('junk without NUL bytes lexes without crashing', () => {
  const junk = Array.from({ length: 20000 }, (_, i) => String.fromCharCode(1 + ((i * 7919) % 255))).join('');
  const u = run({ '/m.h': `#define X(a) a\n${junk}\nX(1)\n#if\n'"\\\n` });
  assert.ok(Array.isArray(u.diagnostics));
  assert.ok(u.text.length > 0);
});

test('a 10 MB header is processed; with a smaller limit it is refused', () => {
  const line = 'struct s_0 { int a; long b; char c[16]; }; /* filler filler filler */\n';
  const big = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
  const u = run({ '/m.h': '#include "big.h"\n', '/inc/big.h': big });
  assert.deepEqual(codes(u), []);
  assert.ok(u.text.length >= big.length);
  const refused = run({ '/m.h': '#include "big.h"\n', '/inc/big.h': big }, '/m.h', {
    maxFileSize: 1024 * 1024,
  });
  assert.deepEqual(codes(refused), ['file-too-large']);
});

test('an include cycle without guards is reported once', () => {
  const u = run({
    '/m.h': '#include "a.h"\n#include "a.h"\n',
    '/a.h': 'a\n#include "b.h"\n',
    '/b.h': 'b\n#include "a.h"\n',
  });
  assert.deepEqual(codes(u), ['include-cycle']);
});

test('an include chain deeper than maxIncludeDepth stops with include-depth', () => {
  const files: Record<string, string> = { '/m.h': '#include "f0.h"\n' };
  for (let i = 0; i < 300; i++) files[`/f${i}.h`] = `#include "f${i + 1}.h"\n`;
  const u = run(files, '/m.h', { maxIncludeDepth: 50 });
  assert.deepEqual(codes(u), ['include-depth']);
});

test('a self-including file that defines a macro each time stops at the cycle limit', () => {
  const u = run({ '/m.h': '#include "r.h"\n', '/r.h': '#define X X+1\n#include "r.h"\n' });
  assert.deepEqual(codes(u), ['include-cycle']);
});

test('missing include and missing main file', () => {
  const u = run({ '/m.h': '#include <nope.h>\n#include "nope2.h"\n' });
  assert.deepEqual(codes(u), ['include-not-found', 'include-not-found']);
  const missing = preprocess(['/does/not/exist.h'], memoryHost({}), { includeDirs: [], predefined: {} });
  assert.deepEqual(codes(missing), ['file-unreadable']);
});

test('exponential macro expansion hits the token limit', () => {
  let src = '#define X0 a b\n';
  for (let i = 1; i <= 30; i++) src += `#define X${i} X${i - 1} X${i - 1}\n`;
  src += 'X30\nafter\n';
  const u = run({ '/m.h': src });
  assert.deepEqual(codes(u), ['macro-expansion']);
  assert.match(u.text, /X30/);
  assert.match(u.text, /after/);
});

test('output size limit stops the run', () => {
  const src =
    '#define B x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x\n' +
    'B B B B B B B B B B\n'.repeat(5000);
  const u = run({ '/m.h': src }, '/m.h', { maxOutputSize: 100_000 });
  assert.deepEqual(codes(u), ['file-too-large']);
});

test('unterminated comment, string and argument list', () => {
  const u = run({ '/m.h': '#define f(x) x\nf(1\n/* never closed\n' });
  assert.deepEqual(codes(u).sort(), ['macro-expansion', 'preprocessor-directive']);
  const v = run({ '/m.h': 'char *s = "unterminated;\nint x;\n' });
  assert.deepEqual(codes(v), []);
  assert.match(v.text, /int x;/);
});

test('a reader that throws becomes file-unreadable', () => {
  const host = {
    readFile: () => {
      throw new Error('EACCES');
    },
    fileExists: () => true,
  };
  const u = preprocess(['/m.h'], host, { includeDirs: [], predefined: {} });
  assert.deepEqual(codes(u), ['file-unreadable']);
  assert.match(u.diagnostics[0].message, /EACCES/);
});

test('an aborted signal stops the run', () => {
  const ac = new AbortController();
  ac.abort();
  const u = run({ '/m.h': 'x\n' }, '/m.h', { signal: ac.signal });
  assert.equal(u.text, '');
});
