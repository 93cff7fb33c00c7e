// kpw as b4's three check hooks, against our b4 stand-in (./b4-standin.ts): the
// am/prep line grading (ERROR: fails, other lines warn, silence passes), the review
// hook's JSON (0.15+), stdin without `From ` and with the body decoded under its
// original Content-Transfer-Encoding, and status agreeing with kpw's exit code.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { b4Stdin, CheckCache, gradeLines, gradeReview, runCheckCmd, shlexSplit } from './b4-standin';
import { FIXTURES, KPW, kpwMissing, makeRepo, skipOrFail } from './b4-env';

const skip = skipOrFail(kpwMissing());
const repo = skip ? '' : makeRepo();
after(() => repo && rmSync(dirname(repo), { recursive: true, force: true }));

// Each fixture's expected grading: every passing mail is silent, every failing one has an ERROR line.
const MAILS: [string, 'pass' | 'fail'][] = [
  ['pass.patch', 'pass'],
  ['fail.patch', 'fail'],
  ['pass-base64.eml', 'pass'],
  ['fail-base64.eml', 'fail'],
  ['pass-qp.eml', 'pass'],
];
const linesCmd = `${process.execPath} ${KPW} patch --format b4-lines --base . -`;
const jsonCmd = (failOn: string) =>
  `${process.execPath} ${KPW} patch --format b4 --fail-on ${failOn} --base . -`;
const mail = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

test('the stand-in pipes as b4 does: no From line, the body decoded, the encoding header kept', () => {
  const piped = b4Stdin(mail('pass-base64.eml'));
  assert.ok(!piped.startsWith('From '));
  assert.match(piped, /^Content-Transfer-Encoding: base64$/m);
  assert.match(piped, /^\+struct vfio_region_hint \{$/m);
  assert.deepEqual(shlexSplit(`a 'b c' "d\\"e" f\\ g ~ $HOME`), ['a', 'b c', 'd"e', 'f g', '~', '$HOME']);
});

for (const [name, want] of MAILS) {
  test(`am/prep hook, ${name}: b4 grades it ${want}`, { skip }, () => {
    const report = gradeLines(runCheckCmd(linesCmd, mail(name), repo), 'kpw');
    if (want === 'pass') assert.deepEqual(report, [['success', 'kpw: passed all checks']]);
    else {
      assert.ok(
        report.some(
          ([flag, line]) =>
            flag === 'fail' &&
            /^kpw: ERROR: include\/uapi\/linux\/vfio\.h:1545: .*\[feature-number-duplicate\]$/.test(line),
        ),
        JSON.stringify(report),
      );
      for (const [, line] of report) assert.match(line, /^kpw: (ERROR|WARNING): \S+:\d+: .* \[[a-z0-9-]+\]$/);
    }
  });

  test(
    `review hook, ${name}: status ${want}, agreeing with the exit code for every --fail-on`,
    { skip },
    () => {
      for (const failOn of ['error', 'warning', 'note']) {
        const run = runCheckCmd(jsonCmd(failOn), mail(name), repo);
        const results = gradeReview(run);
        assert.ok(Array.isArray(results), JSON.stringify(results));
        assert.equal(results.length, 1);
        const [r] = results;
        assert.equal(r.tool, 'kpw');
        assert.equal(r.url, '', 'no checkout path: b4 would show it relative to the kernel tree');
        assert.equal(
          run.code === 0,
          r.status === 'pass',
          `--fail-on ${failOn}: exit ${run.code}, status ${r.status}`,
        );
        if (want === 'fail') assert.equal(r.status, 'fail');
      }
    },
  );
}

test('empty input: both hooks fail it (exit 3), never pass or warn', { skip }, () => {
  const empty = '';
  const lines = gradeLines(runCheckCmd(linesCmd, empty, repo), 'kpw');
  assert.ok(
    lines.some(([flag]) => flag === 'fail'),
    JSON.stringify(lines),
  );
  const run = runCheckCmd(jsonCmd('warning'), empty, repo);
  const results = gradeReview(run);
  assert.equal(run.code, 3);
  assert.ok(Array.isArray(results) && results.some((r) => r.status === 'fail'), JSON.stringify(results));
});

test(
  'b4 caches per command and Message-ID for 10 minutes: kpw answers the same message the same way',
  { skip },
  () => {
    const cache = new CheckCache<string>();
    const first = cache.get(
      linesCmd,
      '<x@example.org>',
      () => runCheckCmd(linesCmd, mail('fail.patch'), repo).stdout,
    );
    const again = runCheckCmd(linesCmd, mail('fail.patch'), repo).stdout;
    assert.equal(first.cached, false);
    assert.equal(again, first.value, 'deterministic: a cached answer is the answer');
    assert.equal(cache.get(linesCmd, '<x@example.org>', () => 'recomputed').cached, true);
  },
);

test(
  'am/prep hook with --compare: a series-wide finding cites the header line, not the mail on stdin',
  { skip },
  () => {
    const rival = join(FIXTURES, '..', 'cli', 'patch', 'dma-buf-tph.patch');
    const cmd = `${process.execPath} ${KPW} patch --format b4-lines --base . --compare ${rival} -`;
    const report = gradeLines(runCheckCmd(cmd, mail('claim13.patch'), repo), 'kpw');
    const dup = report.filter(([, line]) => line.endsWith('[feature-number-duplicate]'));
    assert.equal(dup.length, 1, JSON.stringify(report));
    assert.equal(dup[0][0], 'fail');
    assert.match(
      dup[0][1],
      /^kpw: ERROR: include\/uapi\/linux\/vfio\.h:\d+: VFIO_DEVICE_FEATURE_ZPCI_ERROR = 13 /,
    );
    for (const [, line] of report) assert.doesNotMatch(line, /<stdin>/);
  },
);
