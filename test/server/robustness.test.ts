// Bad input through every server feature: binary junk, a truncated vfio.h,
// unbalanced braces, a long single line. Each request must answer (no error
// response, no hang) and diagnostics must still be published.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspSession } from './helpers/lsp-session';

const fixtures = join(__dirname, '..', 'fixtures', 'server');
const vfio = readFileSync(join(fixtures, 'vfio.h'), 'utf8');

function junk(length: number): string {
  let seed = 42;
  let out = '';
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out += String.fromCharCode(seed % 256);
  }
  return out;
}

const inputs: [string, string][] = [
  ['binary junk', junk(20000)],
  ['truncated vfio.h', vfio.slice(0, Math.floor(vfio.length * 0.4))],
  ['unbalanced braces', 'struct a { struct b { int x; ;\n'.repeat(200)],
  ['one long line', `#define X ${'(1+'.repeat(5000)}1${')'.repeat(5000)}\nstruct s { char c[X]; };\n`],
  ['empty file', ''],
];

describe('bad input never breaks the server', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start({ settings: { diagnostics: { debounceMs: 0 } } });
  });
  after(() => session.close());

  for (const [name, text] of inputs) {
    test(name, async () => {
      const uri = await session.open(join(fixtures, `bad-${name.replace(/\W+/g, '-')}.h`), text);
      const diagnostics = await session.diagnostics(uri, 1);
      assert.ok(Array.isArray(diagnostics));
      const textDocument = { uri };
      const position = { line: 1, character: 3 };
      const range = { start: { line: 0, character: 0 }, end: { line: 5000, character: 0 } };
      await session.request('textDocument/hover', { textDocument, position });
      assert.ok(Array.isArray(await session.request('textDocument/inlayHint', { textDocument, range })));
      assert.ok(Array.isArray(await session.request('textDocument/documentSymbol', { textDocument })));
      await session.request('kpw/structLayout', { textDocument, position });
      assert.ok(Array.isArray(await session.request('kpw/listRecords', { textDocument })));
    });
  }

  test('requests on unknown documents answer with nothing', async () => {
    const textDocument = { uri: 'file:///nowhere/x.h' };
    assert.equal(
      await session.request('textDocument/hover', { textDocument, position: { line: 0, character: 0 } }),
      null,
    );
    assert.equal(await session.request('kpw/structLayout', { textDocument, name: 'x' }), null);
    const untitled = { uri: 'untitled:Untitled-1' };
    assert.deepEqual(await session.request('textDocument/documentSymbol', { textDocument: untitled }), []);
  });

  test('no request failed inside the server', () => {
    assert.deepEqual(
      session.logs.filter((l) => l.includes('failed')),
      [],
    );
  });
});
