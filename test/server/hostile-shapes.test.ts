// Issue 15, second round, in the language server: every nesting and macro shape of
// test/security/hostile-shapes.ts opened as a document. Diagnostics must be published
// without a caught crash among them, and the server must still answer hover, inlay
// hints and the layout request on the same document (the CLI's side is deep-shapes).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

  test('a scenario URI that is no scenario: the error never quotes the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpw-scen-'));
    try {
      for (const text of ['KPW_SECRET_LINE:x:0:0:root', 'SECRET=abc\nPATH=/bin', '{"steps": [KPW_SECRET]}']) {
        const file = join(dir, 'not-a-scenario');
        writeFileSync(file, text);
        const r = (await session.request('kpw/sim/runScenario', { uri: pathToFileURL(file).toString() })) as {
          ok: boolean;
          error?: string;
        };
        assert.equal(r.ok, false);
        assert.ok(!/SECRET/.test(r.error ?? ''), r.error);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

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
