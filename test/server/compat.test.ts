// Compatibility findings in the editor: a UAPI header in a git work tree is
// compared with its version at `kpw.compat.baseRef` (HEAD by default) as you
// type; an empty ref turns the comparison off.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { LspSession } from './helpers/lsp-session';

const COMMITTED = `#include <linux/types.h>

struct kpw_info {
\t__u32 argsz;
\t__u32 flags;
\t__u32 count;
};

#define KPW_FEATURE_ERR 12
`;

describe('compat findings against a git ref', () => {
  let session: LspSession;
  let dir: string;
  let header: string;
  let uri: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kpw-compat-lsp-'));
    header = join(dir, 'include/uapi/linux/kpw.h');
    mkdirSync(join(dir, 'include/uapi/linux'), { recursive: true });
    writeFileSync(header, COMMITTED);
    session = await LspSession.start({
      settings: { diagnostics: { debounceMs: 5 }, abis: ['x86_64', 'i386'] },
    });
  });
  after(() => {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an inserted member and a renumbered feature are breaks; an unchanged file is quiet', async () => {
    const unchanged = (uri = await session.open(header, COMMITTED));
    // What the VS Code client sends after reading the file at HEAD through the git extension.
    await session.notify('kpw/compat/baseText', { uri: unchanged, ref: 'HEAD', text: COMMITTED });
    const same = await session.change(
      unchanged,
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      '',
    );
    const clean = await session.diagnostics(unchanged, same);
    assert.deepEqual(
      clean.filter((d) => String(d.code).startsWith('compat-')),
      [],
    );
    const edited = COMMITTED.replace('\t__u32 flags;', '\t__u32 flags;\n\t__u32 version;').replace(
      'ERR 12',
      'ERR 13',
    );
    const v = await session.change(
      unchanged,
      { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
      edited,
    );
    const diags = await session.diagnostics(unchanged, v);
    const codes = diags
      .filter((d) => String(d.code).startsWith('compat-'))
      .map((d) => `${d.range.start.line}:${d.code}`)
      .sort();
    assert.deepEqual(
      codes,
      [
        '2:compat-layout-changed',
        '5:compat-member-changed',
        '6:compat-member-changed',
        '9:compat-number-changed',
      ],
      JSON.stringify(diags, null, 1),
    );
  });

  test('hovering the changed struct shows its layout at the ref and now, side by side', async () => {
    const result = await session.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 2, character: 9 },
    });
    const text = (result?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(text, /changed since `HEAD`/);
    assert.match(text, /x86_64: 12 -> 16 bytes/);
    assert.match(text, /\/\* HEAD \(x86_64\) \*\/ +\| \/\* now \(x86_64\) \*\//);
    assert.match(text, /\| .*version/);
  });

  test("kpw.compat.baseRef '' turns the comparison off", async () => {
    await session.updateSettings({
      diagnostics: { debounceMs: 5 },
      abis: ['x86_64', 'i386'],
      compat: { baseRef: '' },
    });
    const at = { line: 0, character: 0 };
    const v = await session.change(uri, { start: at, end: at }, '/* still renumbered */\n');
    const diags = await session.diagnostics(uri, v);
    assert.deepEqual(
      diags.filter((d) => String(d.code).startsWith('compat-')),
      [],
    );
  });
});
