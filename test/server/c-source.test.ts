// C files in the editor: the kernel-side checks publish as diagnostics (the
// rule 15 finding on the v7.3-shaped handler, the rule 13 one with its '= {}'
// fix), and hovering the struct copied by copy_to_user() lists its holes per ABI.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { LspSession } from './helpers/lsp-session';

const FIX = join(__dirname, '..', 'fixtures', 'checks');

describe('C sources in the editor', () => {
  let session: LspSession;

  before(async () => {
    const include = join(FIX, 'kernel-copy-uninitialized', 'include');
    session = await LspSession.start({
      settings: { diagnostics: { debounceMs: 5 }, includeDirs: [include], abis: ['x86_64', 'i386'] },
    });
  });
  after(() => session.close());

  test('kernel-side findings are published for an open .c file', async () => {
    const file = join(FIX, 'kernel-destructive-read', 'zpci-err-v20.c');
    const uri = await session.open(file);
    const diags = await session.diagnostics(uri, 1);
    assert.deepEqual(
      diags.map((d) => `${d.range.start.line + 1}:${d.code}`),
      ['36:kernel-destructive-read'],
    );
  });

  test('hover on the copy_to_user() argument lists its holes per ABI', async () => {
    const file = join(FIX, 'kernel-copy-uninitialized', 'zpci-err-v3.c');
    const text = readFileSync(file, 'utf8');
    const uri = await session.open(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('copy_to_user'));
    const character = text.split('\n')[line].indexOf('&err') + 2;
    const result = await session.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line, character },
    });
    const value = (result?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(value, /padding is copied to userspace/);
    assert.match(value, /\| x86_64 \| 8 \| 2 @ 2 after pec \|/);
    assert.match(value, /\| i386 \| 8 \| 2 @ 2 after pec \|/);
  });
});
