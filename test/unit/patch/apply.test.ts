// In-memory apply as data: apply-cases.json gives a base text (null: no file),
// a diff, the expected post-image (null: none) and the diagnostic codes; the
// seed patch's vfio.h hunk must apply exactly onto Debian's 7.2.13 header.

import { test } from 'node:test';
import { UAPI_7_2 } from '../../shared-fixtures';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyFilePatch, parseDiff, readPatchFile, type ImageLine } from '../../../src/core/patch/index';
import { baseImage, imageText } from '../../../src/core/patch/image-host';

interface Case {
  name: string;
  base: string | null;
  diff: string;
  post: string | null;
  codes: string[];
  message?: string;
}

const fixtures = join(__dirname, '..', '..', 'fixtures', 'patch');
const cases: Case[] = JSON.parse(readFileSync(join(fixtures, 'apply-cases.json'), 'utf8'));

function lines(text: string) {
  return text.split('\n').map((t, i) => ({ text: t, origin: { line: i, character: 0 } }));
}

for (const c of cases) {
  test(`apply: ${c.name}`, () => {
    const diff = parseDiff(lines(c.diff), 'case.patch');
    assert.equal(diff.diagnostics.length, 0, diff.diagnostics.map((d) => d.message).join('\n'));
    const fp = diff.files[0];
    const result = applyFilePatch(c.base === null ? undefined : baseImage(c.base), fp, 0, 'case.patch');
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      c.codes,
      result.diagnostics.map((d) => d.message).join('\n'),
    );
    if (c.message)
      assert.ok(
        result.diagnostics.some((d) => d.message.includes(c.message as string)),
        result.diagnostics.map((d) => d.message).join('\n'),
      );
    if (c.post !== null) assert.equal(imageText(result.lines ?? []), c.post);
    else if (!c.codes.includes('patch-hunk-failed')) assert.equal(result.lines, undefined);
  });
}

test('the seed patch applies exactly onto 7.2.13 vfio.h; its + lines are tagged with their page positions', () => {
  const mail = readPatchFile(join(fixtures, 'patchwork-api-2222859.txt')).mails[0];
  const body = mail.body.split('\n').map((text, i) => ({ text, origin: mail.bodyOrigin[i] }));
  const fp = parseDiff(body, mail.file).files.find((f) => f.newPath === 'include/uapi/linux/vfio.h');
  assert.ok(fp);
  const base = baseImage(readFileSync(join(UAPI_7_2, 'linux/vfio.h'), 'utf8'));
  const result = applyFilePatch(base, fp, 0, mail.file);
  assert.deepEqual(result.diagnostics, []);
  const post = result.lines as ImageLine[];
  assert.equal(post.length, base.length + 20);
  const def = post.findIndex((l) => l.text === '#define VFIO_DEVICE_FEATURE_ZPCI_ERROR 13');
  assert.equal(def, 1554); // line 1555: the hunk starts at 1534, its 19th added line
  assert.equal(post[def].added?.origin.line, 119);
});
