// Patch readers as data: every fixture in test/fixtures/patch has its expected
// mails (subject structure, ids) and diagnostics (code, 0-based line) in
// expected-read.json; plus CRLF and mboxrd escaping derived from the fixtures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  readPatchFile,
  readPatchText,
  type PatchMail,
  type PatchworkReadResult,
} from '../../../src/core/patch/index';

const dir = join(__dirname, '..', '..', 'fixtures', 'patch');
type MailExpect = Partial<
  Record<
    | 'title'
    | 'version'
    | 'index'
    | 'total'
    | 'rfc'
    | 'resend'
    | 'messageId'
    | 'inReplyTo'
    | 'from'
    | 'tags'
    | 'patchId'
    | 'seriesId',
    unknown
  >
>;
interface Expect {
  mails: MailExpect[];
  codes: [string, number][];
  bodyContains?: [number, string];
  seriesPatches?: number[];
}
const expected: Record<string, Expect> = JSON.parse(readFileSync(join(dir, 'expected-read.json'), 'utf8'));

function actualOf(mail: PatchMail, keys: string[]): MailExpect {
  const all: Record<string, unknown> = {
    ...mail.info,
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    from: mail.from,
    patchId: mail.patchwork?.patchId,
    seriesId: mail.patchwork?.seriesId,
  };
  return Object.fromEntries(keys.map((k) => [k, all[k]]));
}

function check(read: PatchworkReadResult, exp: Expect): void {
  assert.equal(read.mails.length, exp.mails.length, `mails: ${read.mails.map((m) => m.subject).join(' | ')}`);
  exp.mails.forEach((m, i) => assert.deepEqual(actualOf(read.mails[i], Object.keys(m)), m));
  assert.deepEqual(
    read.diagnostics.map((d) => [d.code, d.range.start.line]),
    exp.codes,
    read.diagnostics.map((d) => d.message).join('\n'),
  );
  if (exp.bodyContains)
    assert.ok(
      read.mails[exp.bodyContains[0]].body.includes(exp.bodyContains[1]),
      read.mails[exp.bodyContains[0]]?.body,
    );
  if (exp.seriesPatches)
    assert.deepEqual(
      read.series.flatMap((s) => s.patches.map((p) => p.id)),
      exp.seriesPatches,
    );
}

for (const [name, exp] of Object.entries(expected)) {
  test(`reads ${name}`, () => check(readPatchFile(join(dir, name)), exp));
}

test('CRLF line endings read the same as LF', () => {
  const text = readFileSync(join(dir, 'zpci-v13.mbox'), 'utf8');
  const lf = readPatchText(text, 'x.mbox');
  const crlf = readPatchText(text.replace(/\n/g, '\r\n'), 'x.mbox');
  assert.deepEqual(
    crlf.mails.map((m) => [m.subject, m.body]),
    lf.mails.map((m) => [m.subject, m.body]),
  );
  assert.ok(!crlf.mails.some((m) => m.body.includes('\r')));
});

test('mboxrd: >From loses one > and does not start a message', () => {
  const r = readPatchText(readFileSync(join(dir, 'zpci-v13.mbox'), 'utf8'), 'x.mbox');
  assert.equal(r.mails.length, 3);
  assert.match(r.mails[0].body, /^From the previous version/m);
});

test('a series read from a format-patch with the body lines at their file lines', () => {
  const r = readPatchFile(join(dir, 'dma-buf-tph.patch'));
  const lines = readFileSync(join(dir, 'dma-buf-tph.patch'), 'utf8').split('\n');
  const body = r.mails[0].body.split('\n');
  r.mails[0].bodyOrigin.forEach((o, i) => assert.equal(lines[o.line], body[i]));
});

test('the seed page: diff lines keep their position inside the JSON string', () => {
  const file = join(dir, 'patchwork-api-2222859.txt');
  const raw = readFileSync(file, 'utf8').split('\n');
  const mail = readPatchFile(file).mails[0];
  const k = mail.body.split('\n').indexOf('+#define VFIO_DEVICE_FEATURE_ZPCI_ERROR 13');
  const at = mail.bodyOrigin[k];
  assert.equal(
    raw[at.line].slice(at.character, at.character + 44),
    '+#define VFIO_DEVICE_FEATURE_ZPCI_ERROR 13\\n',
  );
});

test('junk never throws: NUL bytes, empty text, a lone From line, 5 MB of garbage', () => {
  for (const text of [
    '\0\0\0',
    '',
    'From x',
    'x'.repeat(5 * 1024 * 1024),
    '@@ -1 +1 @@\n-a\n',
    '{"diff": "\\u12"}',
  ]) {
    const r = readPatchText(text, 'junk');
    assert.ok(Array.isArray(r.mails) && Array.isArray(r.diagnostics));
  }
});
