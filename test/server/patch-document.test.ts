// kernel-patch documents in the real server (in-process, over a stream pair):
// findings land on the patch's own `+` lines (with a base tree from the
// workspace folder, and from the hunks alone), hovers on an added struct show
// its layout, and malformed mail gives diagnostics without taking the server down.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Hover } from 'vscode-languageserver/node';
import { SHARED_DIR, UAPI_7_2 } from '../shared-fixtures';
import { LspSession, positionOf } from './helpers/lsp-session';

const fixtures = join(__dirname, '..', 'fixtures', 'server', 'patch');
const SEED = join(SHARED_DIR, 'fixtures', 'patchwork-api-2222859.txt');
const ABIS = ['x86_64', 'i386'];

/** Opens `text` as a kernel-patch document (the language the extension contributes). */
async function openPatch(session: LspSession, path: string, text: string): Promise<string> {
  const uri = pathToFileURL(path).toString();
  await session.client.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'kernel-patch', version: 1, text },
  });
  return uri;
}

/** [code, line text] of each diagnostic, the line being the document line it sits on. */
function onLines(diags: Diagnostic[], text: string): [string, string][] {
  const lines = text.split('\n');
  return diags.map((d) => [String(d.code), lines[d.range.start.line] ?? '']);
}

function hoverText(h: Hover | null): string {
  const c = h?.contents;
  return c && typeof c === 'object' && 'value' in c ? c.value : '';
}

describe('kernel-patch documents', () => {
  let tree: string;
  before(() => {
    tree = mkdtempSync(join(tmpdir(), 'kpw-patch-tree-'));
    mkdirSync(join(tree, 'include/uapi/linux'), { recursive: true });
    copyFileSync(join(UAPI_7_2, 'linux/vfio.h'), join(tree, 'include/uapi/linux/vfio.h'));
  });
  after(() => rmSync(tree, { recursive: true, force: true }));

  test('the seed Patchwork page, with the workspace folder as base: the finding is on its + line', async () => {
    const session = await LspSession.start({ settings: { abis: ABIS }, workspaceFolders: [tree] });
    try {
      const text = readFileSync(SEED, 'utf8');
      const uri = await openPatch(session, join(tree, 'seed.txt'), text);
      const diags = await session.diagnostics(uri);
      const hit = diags.find((d) => d.code === 'uapi-version-without-policy');
      assert.ok(hit, JSON.stringify(diags.map((d) => d.code)));
      // Inside the JSON string, the finding sits on the `+\t__u8 version;` line of the diff.
      const line = text.split('\n')[hit.range.start.line];
      // (the column counts the post-image's tab as one character, the JSON escape `\t` has two).
      assert.ok(
        line
          .slice(hit.range.start.character - 10, hit.range.start.character + 10)
          .includes('+\\t__u8 version;'),
        line.slice(hit.range.start.character - 10, hit.range.start.character + 10),
      );
      assert.match(String(hit.message), /^include\/uapi\/linux\/vfio\.h:1550: /);
    } finally {
      await session.close();
    }
  });

  test('an mbox applied onto the workspace folder and from the hunks alone: same + line', async () => {
    const text = readFileSync(join(fixtures, 'zpci-v13.mbox'), 'utf8');
    for (const mode of ['base', 'hunks'] as const) {
      const session = await LspSession.start(
        mode === 'base'
          ? { settings: { abis: ABIS }, workspaceFolders: [tree] }
          : { settings: { abis: ABIS, includeDirs: [UAPI_7_2] }, workspaceFolders: [] },
      );
      try {
        const uri = await openPatch(session, join(tree, 'zpci-v13.mbox'), text);
        const diags = await session.diagnostics(uri);
        assert.deepEqual(
          onLines(diags, text).filter(([code]) => code === 'uapi-version-without-policy'),
          [['uapi-version-without-policy', '+\t__u8 version;']],
          mode,
        );
        const pos = positionOf(text, '__u8 version;');
        assert.equal(
          diags.find((d) => d.code === 'uapi-version-without-policy')?.range.start.line,
          pos.line,
          mode,
        );
      } finally {
        await session.close();
      }
    }
  });

  test('kpw.patch.base naming no directory: a warning, and the hunks alone are still checked', async () => {
    const session = await LspSession.start({
      settings: { abis: ABIS, patch: { base: join(tree, 'missing') } },
    });
    try {
      const text = readFileSync(join(fixtures, 'zpci-v13.mbox'), 'utf8');
      const uri = await openPatch(session, join(fixtures, 'zpci-v13.mbox'), text);
      const codes = (await session.diagnostics(uri)).map((d) => `${d.range.start.line}:${d.code}`);
      assert.ok(codes.includes('0:patch-base-missing'), codes.join(', '));
      assert.ok(
        codes.includes(`${positionOf(text, '__u8 version;').line}:uapi-version-without-policy`),
        codes.join(', '),
      );
    } finally {
      await session.close();
    }
  });

  test('hover on a + line of an added struct shows its layout on every ABI', async () => {
    const session = await LspSession.start({ settings: { abis: ABIS, includeDirs: [UAPI_7_2] } });
    try {
      const text = readFileSync(join(fixtures, 'zpci-v13.mbox'), 'utf8');
      const uri = await openPatch(session, join(fixtures, 'zpci-v13.mbox'), text);
      await session.diagnostics(uri);
      const at = positionOf(text, '__u16 pec;', 2);
      const value = hoverText(
        await session.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at }),
      );
      assert.match(value, /struct vfio_device_feature_zpci_err as added by "\[PATCH v13 1\/2\]/);
      assert.match(value, /same layout on all 2 ABIs/);
      assert.match(value, /\/\* size: 4, cachelines: 1, members: 3 \*\//);
      for (const abi of ABIS) assert.ok(value.includes(abi), abi);
      // A context line and a header line have no layout hover.
      for (const needle of ['#define VFIO_DEVICE_FEATURE_MIG_PRECOPY_INFOv2', 'Subject: [PATCH v13 1/2]']) {
        const none = await session.request<Hover | null>('textDocument/hover', {
          textDocument: { uri },
          position: positionOf(text, needle, 3),
        });
        assert.equal(none, null, needle);
      }
    } finally {
      await session.close();
    }
  });

  test('malformed mail and junk: diagnostics, no crash, the rest still analyzed', async () => {
    const session = await LspSession.start({ settings: { abis: ABIS } });
    try {
      const malformed = readFileSync(join(fixtures, 'malformed.mbox'), 'utf8');
      const uri = await openPatch(session, join(fixtures, 'malformed.mbox'), malformed);
      const codes = onLines(await session.diagnostics(uri), malformed).map(
        ([code, line]) => `${code}: ${line}`,
      );
      assert.ok(codes.includes('patch-malformed-mail: this is not a header line'), codes.join('\n'));
      for (const [name, junk] of [
        ['junk.eml', 'hello\nnot a mail\n'],
        ['nul.patch', 'From: x\0\0\0'],
        ['empty.patch', ''],
      ]) {
        const junkUri = await openPatch(session, join(fixtures, name), junk);
        const diags = await session.diagnostics(junkUri);
        assert.ok(
          diags.some((d) => d.code === 'patch-malformed-mail'),
          `${name}: ${JSON.stringify(diags)}`,
        );
        assert.equal(
          await session.request('textDocument/hover', {
            textDocument: { uri: junkUri },
            position: { line: 0, character: 1 },
          }),
          null,
        );
      }
      // The server still answers: a symbol request on a patch document gives nothing rather than C symbols.
      assert.deepEqual(await session.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
    } finally {
      await session.close();
    }
  });
});
