// Issue 15, second round, in the language server: every nesting and macro shape of
// test/security/hostile-shapes.ts opened as a document. Diagnostics must be published
// without a caught crash among them, and the server must still answer hover, inlay
// hints and the layout request on the same document (the CLI's side is deep-shapes).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LspSession } from './helpers/lsp-session';
import { deepShapes } from '../security/hostile-shapes';

const fixtures = join(__dirname, '..', 'fixtures', 'server');
const CRASH = /RangeError|Maximum call stack|Invalid string length|internal (preprocessor |parser )?error/;

describe('hostile nesting and macro shapes never break the server', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start({ settings: { diagnostics: { debounceMs: 0 } } });
  });
  after(() => session.close());

  deepShapes(20_000).forEach((shape, k) => {
    test(shape.name, async () => {
      const uri = await session.open(join(fixtures, `hostile-shape-${k}.h`), shape.text);
      const diagnostics = await session.diagnostics(uri, 1);
      const messages = diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
      const crashed = messages.filter((m) => CRASH.test(m));
      assert.deepEqual(
        crashed.map((m) => m.slice(0, 300)),
        [],
      );
      const textDocument = { uri };
      const last = shape.text.split('\n').length - 2;
      const position = { line: last, character: 8 };
      await session.request('textDocument/hover', { textDocument, position });
      const range = { start: { line: 0, character: 0 }, end: { line: last + 1, character: 0 } };
      assert.ok(Array.isArray(await session.request('textDocument/inlayHint', { textDocument, range })));
      await session.request('kpw/structLayout', { textDocument, position });
    });
  });
});
