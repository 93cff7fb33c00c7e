// A check that crashes while a patch is analyzed must be reported on the patch, never hidden
// among the pre-existing notes: a crash on an unchanged line (the header's line 1, as a check
// reports it) once made `kpw patch` print nothing and exit 0. Generated over where the crash
// lands and which lines the mail added.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CheckCode } from '../../../src/core/diag/codes';
import type { Diagnostic } from '../../../src/core/diag/diagnostic';
import type { ImageLine } from '../../../src/core/patch/apply';
import { mapFindings } from '../../../src/core/patch/map-findings';
import type { PatchMail } from '../../../src/core/patch/types';

const mail = { file: '/tmp/x.patch' } as PatchMail;

function image(addedAt: readonly number[], length = 10): ImageLine[] {
  return Array.from({ length }, (_, i) => ({
    text: `line ${i}`,
    added: addedAt.includes(i) ? { mail: 0, origin: { line: 20 + i, character: 0 } } : undefined,
  }));
}

function crash(line: number): Diagnostic {
  const at = { line, character: 0 };
  return {
    code: CheckCode.internalError,
    severity: 'error',
    file: '/t/vfio.h',
    range: { start: at, end: at },
    message: 'internal error: checking failed',
  };
}

test('a crash report is always mapped onto the mail, wherever it landed and whatever the mail added', () => {
  for (const added of [[], [3], [0, 1, 2], [9]]) {
    for (const line of [0, 3, 5, 9]) {
      const lines = image(added);
      const { mapped, preExisting } = mapFindings(
        [crash(line)],
        [{ path: 'vfio.h', absPath: '/t/vfio.h', lines }],
        mail,
        0,
      );
      assert.equal(preExisting.length, 0, `added ${added}, crash at ${line}`);
      assert.equal(mapped.length, 1);
      assert.equal(mapped[0].diagnostic.file, mail.file);
      assert.equal(mapped[0].diagnostic.code, CheckCode.internalError);
    }
  }
});

test('the checker can fail: an ordinary finding on an unchanged line stays pre-existing', () => {
  const d = { ...crash(5), code: 'uapi-implicit-hole', severity: 'warning' as const };
  const { mapped, preExisting } = mapFindings(
    [d],
    [{ path: 'vfio.h', absPath: '/t/vfio.h', lines: image([3]) }],
    mail,
    0,
  );
  assert.equal(mapped.length, 0);
  assert.equal(preExisting.length, 1);
});
