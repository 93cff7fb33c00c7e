// Requests during the wait before a rebuild: a hover after an edit of the document itself is
// answered from the last models (never waiting behind the rebuild), and the next answer after
// the rebuild's diagnostics is the new one. No timing is asserted: the session holds the
// edit's rebuild pending (an hour's wait) until a settings change runs it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { LspSession, positionOf } from './helpers/lsp-session';

const path = join(__dirname, '..', 'fixtures', 'server', 'stale.h');

const sizeOf = async (session: LspSession, uri: string, text: string): Promise<string> => {
  const h = await session.request<Hover>('textDocument/hover', {
    textDocument: { uri },
    position: positionOf(text, 'struct s', 7),
  });
  return /\| x86_64[^|]*\| (\d+) \|/.exec((h.contents as MarkupContent).value)?.[1] ?? '?';
};

for (const edit of [
  { name: 'a wider member', from: 'int x;', to: 'long long x;', before: '8', after: '16' },
  { name: 'a member removed', from: 'char c; ', to: '', before: '8', after: '4' },
]) {
  test(`a hover during the wait after an edit (${edit.name}) answers from the last models, then from the new`, async () => {
    const session = await LspSession.start({
      settings: { diagnostics: { debounceMs: 100 } },
      wait: () => 3_600_000,
    });
    try {
      const text = 'struct s { int x; char c; };\n';
      const uri = await session.open(path, text);
      await session.diagnostics(uri, 1);
      assert.equal(await sizeOf(session, uri, text), edit.before);
      const at = text.indexOf(edit.from);
      const start = { line: 0, character: at };
      const version = await session.change(
        uri,
        { start, end: { line: 0, character: at + edit.from.length } },
        edit.to,
      );
      const edited = text.replace(edit.from, edit.to);
      assert.equal(await sizeOf(session, uri, edited), edit.before, 'answered from the last models');
      await session.updateSettings({ diagnostics: { debounceMs: 0 } });
      await session.diagnostics(uri, version);
      assert.equal(await sizeOf(session, uri, edited), edit.after, 'answered from the rebuilt models');
    } finally {
      await session.close();
    }
  });
}
