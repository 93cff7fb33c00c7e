// Walks test/fixtures/checks/<code>/*.h: every fixture is checked on every ABI
// and its findings must equal its inline expectations; every quick fix, once
// applied, must make its finding go away.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkFiles } from '../../../src/core/checks/run';
import { CHECK_CODES } from '../../../src/core/checks/registry';
import type { Diagnostic, TextEdit } from '../../../src/core/diag/diagnostic';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import type { FileHost } from '../../../src/core/host/types';
import { LineIndex } from '../../../src/core/text/position';
import { baselineOf, expectationsOf, findingKeys, keys } from './expectations';
import { systemHeadersSkip } from '../../system-headers';

const ROOT = resolve(__dirname, '../../fixtures/checks');
const CODES = new Set(CHECK_CODES);
const INCLUDE = ['/usr/include'];

function fixtures(): { code: string; file: string }[] {
  return readdirSync(ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(ROOT, d.name))
        .filter((f) => f.endsWith('.h') && !f.endsWith('.before.h'))
        .map((f) => ({ code: d.name, file: join(ROOT, d.name, f) })),
    );
}

function overlay(file: string, text: string): FileHost {
  return {
    readFile: (p) => (p === file ? text : nodeFileHost.readFile(p)),
    fileExists: (p) => p === file || nodeFileHost.fileExists(p),
  };
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

/** A fixture `x.h` with a sibling `x.before.h` is checked against it (the compat-* checks). */
function beforeText(file: string): string | undefined {
  const path = file.replace(/\.h$/, '.before.h');
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

async function check(file: string, text: string): Promise<Diagnostic[]> {
  const before = beforeText(file);
  return checkFiles({
    files: [file],
    includeDirs: INCLUDE,
    forceUapi: true,
    host: overlay(file, text),
    baseline: baselineOf(text, file),
    before: before === undefined ? undefined : { host: overlay(file, before) },
  });
}

describe('check fixtures', { skip: systemHeadersSkip() }, () => {
  const all = fixtures();
  test('every check code has a fixture directory', () => {
    const dirs = new Set(all.map((f) => f.code));
    const missing = CHECK_CODES.filter(
      (c) => !dirs.has(c) && c !== 'feature-not-dispatched' && c !== 'feature-minsz-mismatch',
    );
    assert.deepEqual(missing, []);
  });

  for (const { code, file } of all) {
    test(`${code}/${file.split('/').pop()}`, async () => {
      const text = readFileSync(file, 'utf8');
      const diags = await check(file, text);
      assert.deepEqual(
        findingKeys(diags, file, CODES),
        keys(expectationsOf(text)),
        diags.map((d) => `${d.range.start.line + 1}: [${d.code}] ${d.message}`).join('\n'),
      );
      for (const d of diags.filter((x) => x.fixes?.length && x.file === file)) {
        const fixed = applyEdits(text, d.fixes![0].edits);
        const after = await check(file, fixed);
        const count = (list: Diagnostic[]): number => list.filter((x) => x.code === d.code).length;
        assert.ok(
          count(after) < count(diags),
          `fix '${d.fixes![0].title}' for ${d.code} at line ${d.range.start.line + 1} left it in place:\n${fixed}`,
        );
      }
    });
  }
});
