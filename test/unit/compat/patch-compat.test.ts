// The compat-* checks on patches: each fixture patch under test/fixtures/compat
// is applied in memory to the fixture tree; its findings (pre-image vs
// post-image, every ABI) must land on its own `+` lines as expected-patch.json says.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSeries, groupSeries, readPatchFile } from '../../../src/core/patch/index';

const dir = join(__dirname, '..', '..', 'fixtures', 'compat');
const expected = JSON.parse(readFileSync(join(dir, 'expected-patch.json'), 'utf8')) as Record<
  string,
  [string, number][]
>;

for (const [name, rows] of Object.entries(expected)) {
  test(`compat findings of ${name}`, async () => {
    const file = join(dir, name);
    const mails = readPatchFile(file).mails;
    const findings = [];
    for (const s of groupSeries(mails)) {
      const a = await analyzeSeries(s, { base: join(dir, 'kernel-tree') });
      findings.push(...a.mails.flatMap((m) => m.findings));
    }
    const got = findings
      .filter((f) => f.diagnostic.code.startsWith('compat-'))
      .map((f) => [f.diagnostic.code, f.diagnostic.range.start.line + 1]);
    const sort = (r: unknown[][]): unknown[][] => [...r].sort((a, b) => String(a).localeCompare(String(b)));
    assert.deepEqual(sort(got), sort(rows), findings.map((f) => f.diagnostic.message).join('\n'));
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const f of findings) assert.match(lines[f.diagnostic.range.start.line], /^\+/);
  });
}

test('the checker can fail: a patch with no UAPI change has no compat findings', async () => {
  const mails = readPatchFile(join(dir, 'zpci-rename.patch')).mails;
  const [s] = groupSeries(mails);
  const a = await analyzeSeries(s, { base: join(dir, 'kernel-tree'), codes: { only: ['uapi-bitfield'] } });
  assert.equal(
    a.mails.flatMap((m) => m.findings).filter((f) => f.diagnostic.code.startsWith('compat-')).length,
    0,
  );
});
