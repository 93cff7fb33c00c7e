// The UAPI checks as the editor shows them: for each fixture header, the
// published `line code` pairs must equal test/fixtures/server/<name>.diags
// (regenerate with KPW_UPDATE_GOLDEN=1), and a quick fix applied through
// codeAction + didChange must make its finding go away.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspSession } from './helpers/lsp-session';

const fixtures = join(__dirname, '..', 'fixtures', 'server');
const update = process.env.KPW_UPDATE_GOLDEN === '1';

/** Fixture header -> golden file with one `line code` per published diagnostic (1-based lines, sorted). */
const goldens: [string, string][] = [
  ['holes.h', 'holes.diags'],
  ['kernel/include/uapi/linux/vfio_feat.h', 'vfio_feat.diags'],
  ['vfio.h', 'vfio.diags'],
];

function summary(diags: Diagnostic[]): string {
  const lines = diags.map((d) => `${d.range.start.line + 1} ${d.code}`);
  return lines.sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b)).join('\n') + '\n';
}

describe('checks through the server', () => {
  let session: LspSession;
  before(async () => {
    // forceUapi: the fixtures live outside include/uapi (except the kernel tree one).
    session = await LspSession.start({
      settings: { diagnostics: { debounceMs: 0 }, checks: { forceUapi: true } },
    });
  });
  after(() => session.close());

  for (const [file, golden] of goldens) {
    test(`${file} matches ${golden}`, async () => {
      const path = join(fixtures, file);
      const uri = await session.open(path, readFileSync(path, 'utf8'));
      const got = summary(await session.diagnostics(uri, 1));
      const goldenPath = join(fixtures, golden);
      if (update || !existsSync(goldenPath)) writeFileSync(goldenPath, got);
      assert.equal(got, readFileSync(goldenPath, 'utf8'));
    });
  }

  test('the implicit-hole quick fix removes the hole it reports', async () => {
    const path = join(fixtures, 'fix-me.h');
    const text =
      'typedef unsigned char __u8;\ntypedef unsigned int __u32;\nstruct s {\n\t__u8\ta;\n\t__u32\tb;\n};\n';
    const uri = await session.open(path, text);
    const hole = (await session.diagnostics(uri, 1)).find((d) => d.code === 'uapi-implicit-hole');
    assert.ok(hole, 'no uapi-implicit-hole on a 3-byte hole');
    const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: hole.range,
      context: { diagnostics: [hole] },
    });
    assert.equal(actions.length, 1);
    assert.match(actions[0].title, /padding/);
    const edits = actions[0].edit!.changes![uri];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'c', 1, text), edits);
    assert.match(fixed, /__u8\s+\w+\[3\];/);
    const version = await session.change(
      uri,
      { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } },
      fixed,
    );
    const after = await session.diagnostics(uri, version);
    assert.deepEqual(
      after.filter((d) => d.code === 'uapi-implicit-hole'),
      [],
    );
  });

  test('outside include/uapi the UAPI checks stay quiet unless forced', async () => {
    const quiet = await LspSession.start({ settings: { diagnostics: { debounceMs: 0 } } });
    try {
      const path = join(fixtures, 'holes.h');
      const uri = await quiet.open(path, readFileSync(path, 'utf8'));
      const diags = await quiet.diagnostics(uri, 1);
      assert.deepEqual(
        diags.filter((d) => String(d.code).startsWith('uapi-')),
        [],
      );
      // The silence is explained once, naming the setting that turns the checks on.
      const notes = diags.filter((d) => d.code === 'not-uapi-header');
      assert.equal(notes.length, 1, JSON.stringify(diags));
      assert.match(String(notes[0].message), /kpw\.checks\.forceUapi/);
    } finally {
      await quiet.close();
    }
  });
});
