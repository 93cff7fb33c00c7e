// Walks test/fixtures/checks/kernel-*/*.c: every C fixture is checked with the
// kernel-side rules (UAPI layouts from the fixture's include/ directory, every
// ABI) and its findings must equal its inline `/* expect: CODE */` comments;
// every quick fix, once applied, must make its finding go away.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkCSource } from '../../../src/core/kernel/run';
import { KERNEL_CODES } from '../../../src/core/checks/kernel-registry';
import type { Diagnostic, TextEdit } from '../../../src/core/diag/diagnostic';
import { LineIndex } from '../../../src/core/text/position';
import { expectationsOf, findingKeys, keys } from './expectations';

const ROOT = resolve(__dirname, '../../fixtures/checks');
const CODES = new Set(KERNEL_CODES);

function fixtures(): { code: string; file: string }[] {
  return KERNEL_CODES.filter((c) => existsSync(join(ROOT, c))).flatMap((code) =>
    readdirSync(join(ROOT, code))
      .filter((f) => f.endsWith('.c'))
      .map((f) => ({ code, file: join(ROOT, code, f) })),
  );
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits.map((e) => ({
    start: index.offsetAt(e.range.start),
    end: index.offsetAt(e.range.end),
    text: e.newText,
  }));
  spans.sort((a, b) => b.start - a.start);
  return spans.reduce((t, s) => t.slice(0, s.start) + s.text + t.slice(s.end), text);
}

function check(file: string, text: string): Promise<Diagnostic[]> {
  return checkCSource({ file, text, includeDirs: [join(file, '..', 'include')] });
}

describe('kernel check fixtures', () => {
  const all = fixtures();
  test('every kernel check has firing and quiet fixtures', () => {
    for (const code of KERNEL_CODES) {
      const mine = all.filter((f) => f.code === code).map((f) => readFileSync(f.file, 'utf8'));
      assert.ok(
        mine.some((t) => t.includes(`expect: ${code}`)),
        `${code}: no firing fixture`,
      );
      assert.ok(
        mine.some((t) => !t.includes('expect:')) || mine.some((t) => /Quiet/.test(t)),
        `${code}: no quiet fixture`,
      );
    }
  });

  for (const { code, file } of all) {
    test(`${code}/${file.split('/').pop()}`, async () => {
      const text = readFileSync(file, 'utf8');
      const diags = await check(file, text);
      const show = diags.map((d) => `${d.range.start.line + 1}: [${d.code}] ${d.message}`).join('\n');
      assert.deepEqual(findingKeys(diags, file, CODES), keys(expectationsOf(text)), show);
      for (const d of diags.filter((x) => x.fixes?.length)) {
        const fixed = applyEdits(text, d.fixes![0].edits);
        const after = await check(file, fixed);
        assert.ok(
          after.filter((x) => x.code === d.code).length < diags.filter((x) => x.code === d.code).length,
          `fix '${d.fixes![0].title}' left ${d.code} in place:\n${fixed}`,
        );
      }
    });
  }
});
