// `--format b4` against b4's side of the protocol: every b4 golden must be what
// b4's review checks accept without rewriting (src/b4/review/checks.py,
// _run_external_cmd: a JSON array of objects with tool, status pass|warn|fail,
// summary, url, details). Also which paths `kpw check` reads as patches.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPatchInput, looksLikePatchText } from '../../src/cli/patch-inputs';

const root = join(__dirname, '..', '..');
const goldenDir = join(root, 'test/golden/cli');
const b4Goldens = readdirSync(goldenDir).filter((n) => n.endsWith('-b4.stdout'));

test('there are b4 goldens to check', () => assert.ok(b4Goldens.length >= 4, b4Goldens.join(', ')));

for (const name of b4Goldens) {
  test(`b4 accepts ${name} as is`, () => {
    const data: unknown = JSON.parse(readFileSync(join(goldenDir, name), 'utf8'));
    assert.ok(Array.isArray(data), 'a JSON array');
    for (const entry of data as Record<string, unknown>[]) {
      assert.deepEqual(Object.keys(entry).sort(), ['details', 'status', 'summary', 'tool', 'url']);
      assert.equal(entry.tool, 'kpw');
      assert.ok(['pass', 'warn', 'fail'].includes(entry.status as string), `status ${String(entry.status)}`);
      for (const key of ['summary', 'url', 'details']) assert.equal(typeof entry[key], 'string', key);
      assert.ok(!(entry.summary as string).includes('\n'), 'summary is one line');
    }
  });
}

const sniffCases: { text: string; patch: boolean }[] = [
  { text: 'From 1234 Mon Sep 17 00:00:00 2001\nFrom: A <a@b>\nSubject: [PATCH] x\n', patch: true },
  { text: 'diff --git a/x.h b/x.h\n--- a/x.h\n+++ b/x.h\n', patch: true },
  { text: '--- x.h.orig\n+++ x.h\n@@ -1 +1 @@\n', patch: true },
  { text: 'From: A <a@b>\nSubject: [PATCH] x\n\nbody\n', patch: true },
  { text: 'GET /api/patches/1/\nHTTP 200 OK\nAllow: GET\n\n{"id": 1}', patch: true },
  { text: '{"id": 1, "diff": ""}', patch: true },
  { text: '#ifndef _X_H\n#define _X_H\nstruct x { int a; };\n#endif\n', patch: false },
  { text: '/* Subject: not a mail */\nstruct x;\n', patch: false },
  { text: 'From: A\0binary', patch: false },
];

for (const c of sniffCases) {
  test(`sniff ${JSON.stringify(c.text.slice(0, 30))} -> ${c.patch ? 'patch' : 'not a patch'}`, () => {
    assert.equal(looksLikePatchText(c.text), c.patch);
  });
}

test('paths: - and patch extensions are patches; headers, directories and missing headers are not', () => {
  assert.equal(isPatchInput('-'), true);
  assert.equal(isPatchInput(join(root, 'test/fixtures/cli/patch/zpci-v13.mbox')), true);
  assert.equal(isPatchInput(join(root, 'test/fixtures/cli/patch/missing.patch')), true);
  assert.equal(isPatchInput(join(root, 'test/fixtures/cli/holes.h')), false);
  assert.equal(isPatchInput(join(root, 'test/fixtures/cli')), false);
  assert.equal(isPatchInput(join(root, 'test/fixtures/cli/patch/not-a-patch.txt')), false);
});
