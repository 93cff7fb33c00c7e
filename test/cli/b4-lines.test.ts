// `--format b4-lines` as b4's am/prep grading reads it (b4/__init__.py run_local_check):
// nothing on a pass, one line per finding at or above --fail-on, `ERROR:` only for errors
// (a warning quoting "ERROR:" must not fail), no line breaks or terminal escapes from a
// patch, and an ERROR line whenever an input could not be used.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../src/core/diag/diagnostic';
import { formatB4Lines } from '../../src/cli/reporters/b4-lines';
import { severityRank } from '../../src/cli/findings-output';

const at = { start: { line: 27, character: 8 }, end: { line: 27, character: 9 } };
const d = (severity: Diagnostic['severity'], message: string, code = 'uapi-implicit-hole'): Diagnostic => ({
  code,
  severity,
  message,
  file: '<stdin>',
  range: at,
});
const grade = (line: string) => (line.includes('ERROR:') ? 'fail' : 'warning');

test('silent on a pass; notes only from --fail-on note', () => {
  assert.deepEqual(formatB4Lines({ diagnostics: [] }), []);
  assert.deepEqual(formatB4Lines({ diagnostics: [d('info', 'a note')] }), []);
  assert.deepEqual(formatB4Lines({ diagnostics: [d('info', 'a note')], threshold: severityRank.info }), [
    'WARNING: <stdin>:28: a note [uapi-implicit-hole]',
  ]);
});

test('errors fail, warnings warn, whatever the message quotes; one line each', () => {
  const lines = formatB4Lines({
    diagnostics: [
      d('error', 'bad'),
      d('warning', 'hunk expects \'pr_err("ERROR: x")\'\nsecond line \u001b[31mred\u001b[0m'),
    ],
  });
  assert.deepEqual(lines.map(grade), ['fail', 'warning']);
  for (const l of lines) assert.doesNotMatch(l, /[\n\r\u001b]/);
});

test('a patch finding names its post-image file and line', () => {
  const f = d('warning', 'include/uapi/linux/vfio.h:1540: struct x ends in implicit padding');
  const places = new Map([
    [f, { path: 'include/uapi/linux/vfio.h', line: 1539, message: 'struct x ends in implicit padding' }],
  ]);
  assert.deepEqual(formatB4Lines({ diagnostics: [f], places }), [
    'WARNING: include/uapi/linux/vfio.h:1540: struct x ends in implicit padding [uapi-implicit-hole]',
  ]);
});

test('an unusable input (exit 3) always prints an ERROR line', () => {
  const lines = formatB4Lines({
    diagnostics: [d('warning', 'mail 1: no mail headers and no diff found', 'patch-malformed-mail')],
    inputFailed: true,
  });
  assert.ok(
    lines.some((l) => grade(l) === 'fail'),
    lines.join('\n'),
  );
  assert.ok(formatB4Lines({ diagnostics: [], inputFailed: true }).some((l) => l.startsWith('ERROR:')));
});
