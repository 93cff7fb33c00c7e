// Quick fixes on C files in the editor: the fixes the kernel-side checks carry
// (`= {}` for kernel-copy-uninitialized, -ENOTTY for kernel-enotty) are offered
// as code actions, and applying one through didChange makes its finding go away.
// The rule 7 finding on the seed patch's v13 handler is published, without a fix.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspSession } from './helpers/lsp-session';

const FIX = join(__dirname, '..', 'fixtures', 'checks');

/** Fixture, the code whose fix is applied, and what the fixed text must contain. */
const cases: { file: string; code: string; title: RegExp; fixed: RegExp }[] = [
  {
    file: join(FIX, 'kernel-copy-uninitialized', 'zpci-err-v11.c'),
    code: 'kernel-copy-uninitialized',
    title: /= \{\}/,
    fixed: /struct vfio_device_feature_zpci_err err = \{\};/,
  },
  {
    file: join(FIX, 'kernel-copy-uninitialized', 'zpci-err-v3.c'),
    code: 'kernel-copy-uninitialized',
    title: /= \{\}/,
    fixed: /struct vfio_device_feature_zpci_err_v3 err = \{\};/,
  },
  {
    file: join(FIX, 'kernel-enotty', 'zdev-stub.c'),
    code: 'kernel-enotty',
    title: /-ENOTTY/,
    fixed: /return -ENOTTY;/,
  },
  {
    file: join(FIX, 'kernel-enotty', 'feature-switch.c'),
    code: 'kernel-enotty',
    title: /-ENOTTY/,
    fixed: /default:\s*return -ENOTTY;/,
  },
];

async function actionsFor(session: LspSession, uri: string, d: Diagnostic): Promise<CodeAction[]> {
  return session.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d], only: ['quickfix'] },
  });
}

describe('quick fixes on C sources in the editor', () => {
  let session: LspSession;

  before(async () => {
    const include = join(FIX, 'kernel-copy-uninitialized', 'include');
    session = await LspSession.start({
      settings: { diagnostics: { debounceMs: 5 }, includeDirs: [include], abis: ['x86_64', 'i386'] },
    });
  });
  after(() => session.close());

  for (const c of cases) {
    test(`${c.code}: the fix in ${c.file.split('/').pop()} is offered and removes the finding`, async () => {
      const text = readFileSync(c.file, 'utf8');
      const uri = await session.open(c.file, text);
      const found = (await session.diagnostics(uri, 1)).filter((d) => d.code === c.code);
      assert.ok(found.length > 0, `no ${c.code} published for ${c.file}`);
      const actions = await actionsFor(session, uri, found[0]);
      assert.equal(actions.length, 1, JSON.stringify(actions));
      assert.match(actions[0].title, c.title);
      assert.equal(actions[0].kind, 'quickfix');
      assert.equal(actions[0].isPreferred, true);
      const edits = actions[0].edit?.changes?.[uri];
      assert.ok(edits?.length, 'the action edits the document itself');
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'c', 1, text), edits);
      assert.match(fixed, c.fixed);
      const lines = text.split('\n');
      const version = await session.change(
        uri,
        {
          start: { line: 0, character: 0 },
          end: { line: lines.length - 1, character: lines.at(-1)!.length },
        },
        fixed,
      );
      const after = (await session.diagnostics(uri, version)).filter((d) => d.code === c.code);
      assert.equal(after.length, found.length - 1, after.map((d) => d.message).join('\n'));
    });
  }

  test('findings without a fix offer no code action (kernel-inband-sentinel on the v13 handler)', async () => {
    const file = join(FIX, 'kernel-inband-sentinel', 'zpci-err-v13.c');
    const uri = await session.open(file);
    const diags = await session.diagnostics(uri, 1);
    const sentinel = diags.filter((d) => d.code === 'kernel-inband-sentinel');
    assert.deepEqual(
      sentinel.map((d) => d.range.start.line + 1),
      [28],
    );
    assert.deepEqual(await actionsFor(session, uri, sentinel[0]), []);
  });

  test('a code action request filtered to another kind gets nothing', async () => {
    const file = join(FIX, 'kernel-enotty', 'zdev-stub.c');
    const uri = await session.open(file);
    const [d] = (await session.diagnostics(uri, 1)).filter((x) => x.code === 'kernel-enotty');
    const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d], only: ['refactor'] },
    });
    assert.deepEqual(actions, []);
  });
});
