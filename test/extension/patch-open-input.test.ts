// KPW: Open Patch from Patchwork, its pure half as data (patchwork-inputs.json:
// what the user types -> reference + server, or an error), and the mbox it opens:
// the seed page's mails rendered as mbox, opened in the real server, get the
// finding on their own `+\t__u8 version;` line. (The fetch is the core client's.)

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readPatchText } from '../../src/core/patch/index';
import { mailsToMbox, parsePatchworkInput } from '../../src/extension/open-patch-input';
import { SHARED_DIR, UAPI_7_2 } from '../shared-fixtures';
import { LspSession } from '../server/helpers/lsp-session';

const fixtures = join(__dirname, '..', 'fixtures', 'server', 'patch');
const inputs = JSON.parse(readFileSync(join(fixtures, 'patchwork-inputs.json'), 'utf8')) as {
  defaultServer: string;
  cases: [string, { ref?: string; server?: string; error?: string }][];
};

describe('Open Patch from Patchwork: input', () => {
  for (const [input, expected] of inputs.cases) {
    test(JSON.stringify(input), () => {
      const got = parsePatchworkInput(input, inputs.defaultServer);
      if (expected.error) {
        assert.equal(got.ok, false, JSON.stringify(got));
        assert.ok(!got.ok && got.error.includes(expected.error), JSON.stringify(got));
      } else assert.deepEqual(got, { ok: true, ref: expected.ref, server: expected.server });
    });
  }

  test('a default server that is not http(s) is refused', () => {
    assert.equal(parsePatchworkInput('2222859', 'ftp://example.org').ok, false);
  });
});

describe('Open Patch from Patchwork: the opened mbox', () => {
  const seed = readPatchText(
    readFileSync(join(SHARED_DIR, 'fixtures', 'patchwork-api-2222859.txt'), 'utf8'),
    'seed',
  );
  const mbox = mailsToMbox(seed.mails);

  test('reads back as the same mail (subject, ids, body)', () => {
    const again = readPatchText(mbox, 'again');
    assert.deepEqual(again.diagnostics, []);
    assert.equal(again.mails.length, 1);
    const [a, b] = [seed.mails[0], again.mails[0]];
    assert.equal(b.subject, a.subject);
    assert.equal(b.messageId?.replace(/[<>]/g, ''), a.messageId?.replace(/[<>]/g, ''));
    assert.equal(b.body.trimEnd(), a.body.replace(/\r\n/g, '\n').trimEnd());
    assert.match(mbox, /^From 2222859 Mon Sep 17 00:00:00 2001\n/);
  });

  test('in the server, the finding lands on its + line', async () => {
    const session = await LspSession.start({ settings: { abis: ['x86_64'], includeDirs: [UAPI_7_2] } });
    try {
      const uri = pathToFileURL(join(fixtures, '2222859.mbox')).toString();
      await session.client.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'kernel-patch', version: 1, text: mbox },
      });
      const diags = await session.diagnostics(uri);
      const hit = diags.find((d) => d.code === 'uapi-version-without-policy');
      assert.ok(hit, JSON.stringify(diags));
      assert.equal(mbox.split('\n')[hit.range.start.line], '+\t__u8 version;');
      assert.equal(hit.range.start.character, '+\t__u8 '.length);
    } finally {
      await session.close();
    }
  });
});
