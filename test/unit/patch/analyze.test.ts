// Analysis as data (expected-analyze.json): each fixture's findings as
// [code, 1-based patch line, 1-based column, header, 1-based post-image line],
// with a base tree (Debian's 7.2.13 vfio.h at include/uapi/linux/vfio.h) and
// without one (hunks alone); then the series-wide number checks.

import { test } from 'node:test';
import { UAPI_7_2 } from '../../shared-fixtures';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import {
  analyzeSeries,
  groupSeries,
  readPatchFile,
  seriesChecks,
  type SeriesAnalysis,
  type SeriesFindingPlace,
} from '../../../src/core/patch/index';
import type { Diagnostic } from '../../../src/core/diag/diagnostic';
import { systemHeadersSkip } from '../../system-headers';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'patch');
const VFIO_7_2 = join(UAPI_7_2, 'linux/vfio.h');
const expected = JSON.parse(readFileSync(join(fixtures, 'expected-analyze.json'), 'utf8'));
const ABIS = ['x86_64', 'i386'];

function baseTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-patch-base-'));
  mkdirSync(join(dir, 'include/uapi/linux'), { recursive: true });
  copyFileSync(VFIO_7_2, join(dir, 'include/uapi/linux/vfio.h'));
  return dir;
}

async function analyze(names: string[], base?: string, includeDirs?: string[]): Promise<SeriesAnalysis[]> {
  const mails = names.flatMap((n) => readPatchFile(join(fixtures, n)).mails);
  const out: SeriesAnalysis[] = [];
  for (const s of groupSeries(mails)) out.push(await analyzeSeries(s, { base, includeDirs, abis: ABIS }));
  return out;
}

function findingsOf(analyses: SeriesAnalysis[], name: string) {
  return analyses
    .flatMap((a) => a.mails)
    .filter((m) => basename(m.mail.file) === name)
    .flatMap((m) => m.findings)
    .map((f) => [
      f.diagnostic.code,
      f.diagnostic.range.start.line + 1,
      f.diagnostic.range.start.character + 1,
      f.path,
      f.postLine + 1,
    ])
    .sort((a, b) => String(a).localeCompare(String(b)));
}

function sorted(rows: unknown[][]): unknown[][] {
  return [...rows].sort((a, b) => String(a).localeCompare(String(b)));
}

test(
  "with a base: findings land on the patches' own + lines, and the series-wide checks fire",
  { skip: systemHeadersSkip() },
  async () => {
    const base = baseTree();
    try {
      const names = Object.keys(expected.base);
      const analyses = await analyze(names, base);
      for (const name of names)
        assert.deepEqual(findingsOf(analyses, name), sorted(expected.base[name]), name);
      // Nothing on an unchanged line is attributed to a patch.
      for (const m of analyses.flatMap((a) => a.mails)) {
        // The finding's line starts with '+' (in a Patchwork page: after the last escaped newline).
        for (const f of m.findings)
          assert.match(
            readFileSync(m.mail.file, 'utf8')
              .split('\n')
              [f.diagnostic.range.start.line].slice(0, f.diagnostic.range.start.character),
            /(^|\\n)\+(?:(?!\\n).)*$/,
          );
      }
      const places = new Map<Diagnostic, SeriesFindingPlace>();
      const found = seriesChecks(analyses, places);
      // Every series finding is placed on the post-image line defining its name (b4-lines cites
      // that, not the mail read from stdin), in the header its mail patched.
      for (const d of found) {
        const place = places.get(d);
        assert.ok(place, `no post-image place for ${d.message}`);
        const name = d.message.split(' ')[0];
        const mail = analyses.flatMap((a) => a.mails).find((m) => m.mail.file === d.file);
        const image = mail?.headers.find((h) => h.path === place.path);
        assert.ok(image?.post, `${place.path} is not a header ${basename(d.file)} patched`);
        assert.match(image.post[place.line]?.text ?? '', new RegExp(`\\b${name}\\b`), d.message);
      }
      const series = found
        .map((d) => [basename(d.file), d.range.start.line + 1, d.code, d.message])
        .sort((a, b) => String(a).localeCompare(String(b)));
      assert.equal(series.length, expected.series.length, JSON.stringify(series, null, 1));
      series.forEach((s, i) => {
        const [file, line, code, fragment] = expected.series[i];
        assert.deepEqual(s.slice(0, 3), [file, line, code]);
        assert.ok(String(s[3]).includes(fragment), `${s[3]}\nshould contain ${fragment}`);
      });
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  },
);

test(
  'without a base: the hunks alone are laid out and checked, types from -I',
  { skip: systemHeadersSkip() },
  async () => {
    const names = Object.keys(expected.hunks);
    const analyses = await analyze(names, undefined, [UAPI_7_2, '/usr/include']);
    for (const name of names)
      assert.deepEqual(findingsOf(analyses, name), sorted(expected.hunks[name]), name);
    assert.ok(analyses.every((a) => a.mails.every((m) => m.mode === 'hunks')));
  },
);

test('a broken series: the other patches are still analyzed', async () => {
  const analyses = await analyze(['malformed.mbox', 'truncated.patch', 'binary.patch']);
  const codes = analyses
    .flatMap((a) => a.mails)
    .flatMap((m) =>
      [...m.diagnostics, ...m.findings.map((f) => f.diagnostic)].map(
        (d) => `${basename(d.file)}:${d.range.start.line + 1}:${d.code}`,
      ),
    );
  assert.deepEqual(codes.sort(), [
    'binary.patch:21:layout-error',
    'binary.patch:24:patch-binary-skipped',
    'binary.patch:5:patch-binary-skipped',
    'malformed.mbox:14:uapi-non-fixed-width-type',
    'malformed.mbox:36:uapi-non-fixed-width-type',
    'truncated.patch:11:uapi-non-fixed-width-type',
    'truncated.patch:19:patch-truncated',
  ]);
  assert.deepEqual(groupSeries(readPatchFile(join(fixtures, 'malformed.mbox')).mails)[0].missing, [2]);
});
