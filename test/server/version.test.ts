// The language server reports kpw's version (package.json's) in serverInfo,
// from the one constant the CLI prints too.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LspSession } from './helpers/lsp-session';

test('serverInfo.version is package.json version', async () => {
  const session = await LspSession.start();
  try {
    const info = (session.initializeResult as { serverInfo?: { name: string; version: string } }).serverInfo;
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.deepEqual(info, { name: 'kpw-language-server', version: pkg.version });
  } finally {
    await session.close();
  }
});
