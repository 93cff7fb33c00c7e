// Hover through the real language server: each case in
// test/fixtures/server/hover.cases.json puts the cursor on a needle in a
// fixture header and lists text the markdown must (and must not) contain.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { LspSession, positionOf } from './helpers/lsp-session';

const fixtures = join(__dirname, '..', 'fixtures', 'server');

interface HoverCase {
  name: string;
  file: string;
  at: string;
  delta: number;
  /** null: no hover expected. */
  contains: string[] | null;
  absent?: string[];
}

const cases = JSON.parse(readFileSync(join(fixtures, 'hover.cases.json'), 'utf8')) as HoverCase[];

describe('hover', () => {
  let session: LspSession;
  const opened = new Map<string, { uri: string; text: string }>();

  before(async () => {
    session = await LspSession.start();
  });
  after(() => session.close());

  async function doc(file: string): Promise<{ uri: string; text: string }> {
    let d = opened.get(file);
    if (!d) {
      const path = join(fixtures, file);
      const text = readFileSync(path, 'utf8');
      d = { uri: await session.open(path, text), text };
      opened.set(file, d);
    }
    return d;
  }

  for (const c of cases) {
    test(c.name, async () => {
      const { uri, text } = await doc(c.file);
      const position = positionOf(text, c.at, c.delta);
      const result = await session.request<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position,
      });
      if (c.contains === null) {
        assert.equal(result, null);
        return;
      }
      assert.ok(result, `no hover at ${JSON.stringify(position)}`);
      const value = (result.contents as MarkupContent).value;
      for (const s of c.contains) assert.ok(value.includes(s), `missing ${JSON.stringify(s)} in:\n${value}`);
      for (const s of c.absent ?? [])
        assert.ok(!value.includes(s), `unexpected ${JSON.stringify(s)} in:\n${value}`);
    });
  }
});
