// Inlay hints, document symbols, code actions and the kpw/* layout requests
// through the real language server, on the small fixture with known holes.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, DocumentSymbol, InlayHint } from 'vscode-languageserver/node';
import {
  LIST_RECORDS_METHOD,
  STRUCT_LAYOUT_METHOD,
  type ListRecordsResult,
  type StructLayoutResult,
} from '../../src/protocol/index';
import { LspSession, positionOf } from './helpers/lsp-session';

const fixtures = join(__dirname, '..', 'fixtures', 'server');
const holesPath = join(fixtures, 'holes.h');
const holes = readFileSync(holesPath, 'utf8');
const whole = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

/** `line: label` for every hint, so expectations read like the header. */
function labels(hints: InlayHint[], text: string): string[] {
  const lines = text.split('\n');
  return hints.map((h) => `${lines[h.position.line].trim()} ${h.label as string}`);
}

describe('editor features on holes.h', () => {
  let session: LspSession;
  let uri: string;

  before(async () => {
    session = await LspSession.start({
      settings: { inlayHints: { mode: 'offsets-and-sizes', abi: 'x86_64' } },
    });
    uri = await session.open(holesPath, holes);
  });
  after(() => session.close());

  test('inlay hints: offset and size per member, holes, size and padding, other ABIs named', async () => {
    const hints = await session.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: whole,
    });
    const shown = labels(hints, holes);
    for (const expected of [
      '__u8\ttag; /* 0 1 */',
      '__u8\ttag; /* XXX 3 bytes hole */',
      '__u16\tflags; /* 16 2 */',
      '}; /* size: 24, padding: 6 ≠ i386: 20 */',
      '__u64\tb; /* 8 8 ≠ i386: 4 8 */',
      '__u32\thi:5; /* 0:3 4 */',
      '} anon_t; /* size: 8 */',
    ]) {
      assert.ok(shown.includes(expected), `missing ${JSON.stringify(expected)} in\n${shown.join('\n')}`);
    }
  });

  test('inlay hints follow the settings: offsets only, on i386', async () => {
    await session.updateSettings({ inlayHints: { mode: 'offsets', abi: 'i386' } });
    const hints = await session.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri },
      range: whole,
    });
    const shown = labels(hints, holes);
    assert.ok(
      shown.includes('__u64\tb; /* 4 ≠ x86_64: 8, s390x: 8, aarch64: 8, ppc64le: 8, arm: 8, riscv64: 8 */'),
      shown.join('\n'),
    );
    assert.ok(!shown.some((s) => s.includes('hole') || s.includes('size:')), shown.join('\n'));
    await session.updateSettings({ inlayHints: { mode: 'off' } });
    assert.deepEqual(
      await session.request('textDocument/inlayHint', { textDocument: { uri }, range: whole }),
      [],
    );
    await session.updateSettings({});
  });

  test('document symbols: records with members, enums, typedefs, defines', async () => {
    const symbols = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    const outline = symbols.map(
      (s) => `${s.name}${s.children?.length ? `(${s.children.map((c) => c.name).join(',')})` : ''}`,
    );
    assert.deepEqual(outline, [
      'HOLES_H',
      '__u8',
      '__u16',
      '__u32',
      '__u64',
      'HOLES_TYPE',
      'HOLES_BASE',
      'HOLES_GET',
      'holey(tag,count,value,flags)',
      'skewed(a,b)',
      'bits(lo,hi,tail)',
      'either(word,wide)',
      'anon_t(a,b)',
      'holes_kind(HK_A,HK_B)',
    ]);
    const holey = symbols.find((s) => s.name === 'holey')!;
    assert.equal(holey.detail, '24 bytes (i386: 20)');
    assert.equal(symbols.find((s) => s.name === 'HOLES_BASE')!.detail, '0x64 (100)');
    for (const s of symbols) {
      assert.ok(
        s.selectionRange.start.line >= s.range.start.line && s.selectionRange.end.line <= s.range.end.line,
        s.name,
      );
    }
  });

  test('code actions come from the fixes a diagnostic carries', async () => {
    const range = { start: positionOf(holes, '\t__u32\tcount;'), end: positionOf(holes, '\t__u32\tcount;') };
    const fix = {
      title: 'Insert explicit padding',
      edits: [{ file: holesPath, range, newText: '\t__u8\tpad[3];\n' }],
    };
    const diagnostic = {
      range,
      message: 'hole',
      source: 'kpw',
      code: 'uapi-implicit-hole',
      data: { fixes: [fix] },
    };
    const foreign = { range, message: 'other', source: 'clangd', data: { fixes: [fix] } };
    const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: [diagnostic, foreign] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Insert explicit padding');
    assert.equal(actions[0].kind, 'quickfix');
    assert.equal(actions[0].isPreferred, true);
    assert.deepEqual(actions[0].edit?.changes?.[uri], [{ range, newText: '\t__u8\tpad[3];\n' }]);
  });

  test('kpw/structLayout: the struct around the cursor on every ABI', async () => {
    const position = positionOf(holes, '__u64\tvalue;', 2);
    const view = await session.request<StructLayoutResult>(STRUCT_LAYOUT_METHOD, {
      textDocument: { uri },
      position,
    });
    assert.ok(view);
    assert.equal(view.name, 'holey');
    assert.deepEqual(view.members, ['tag', 'count', 'value', 'flags']);
    assert.equal(view.abis.length, 7);
    const [x86, i386] = view.abis;
    assert.deepEqual(
      [x86.abi, x86.size, x86.align, x86.trailingPadding, x86.differs],
      ['x86_64', 24, 8, 6, false],
    );
    assert.deepEqual(
      [i386.abi, i386.size, i386.align, i386.trailingPadding, i386.differs],
      ['i386', 20, 4, 2, true],
    );
    assert.deepEqual(
      x86.holes.map((h) => [h.offset, h.size]),
      [[1, 3]],
    );
    assert.deepEqual(
      x86.fields.map((f) => [f.name, f.member, f.offset, f.size]),
      [
        ['tag', 0, 0, 1],
        ['count', 1, 4, 4],
        ['value', 2, 8, 8],
        ['flags', 3, 16, 2],
      ],
    );
  });

  test('kpw/structLayout by name, bitfields included; null for unknown names', async () => {
    const view = await session.request<StructLayoutResult>(STRUCT_LAYOUT_METHOD, {
      textDocument: { uri },
      name: 'bits',
    });
    assert.deepEqual(
      view?.abis[0].fields.map((f) => [f.name, f.bitOffset, f.bitSize]),
      [
        ['lo', 0, 3],
        ['hi', 3, 5],
        ['tail', undefined, undefined],
      ],
    );
    assert.equal(await session.request(STRUCT_LAYOUT_METHOD, { textDocument: { uri }, name: 'nope' }), null);
    const outside = positionOf(holes, '#define HOLES_TYPE');
    assert.equal(
      await session.request(STRUCT_LAYOUT_METHOD, { textDocument: { uri }, position: outside }),
      null,
    );
  });

  test('kpw/listRecords: every record of the document with its sizes', async () => {
    const list = await session.request<ListRecordsResult>(LIST_RECORDS_METHOD, { textDocument: { uri } });
    assert.deepEqual(
      list.map((r) => `${r.kind} ${r.name} ${r.size}`),
      [
        'struct holey 24 (i386: 20)',
        'struct skewed 16 (i386: 12)',
        'struct bits 4',
        'union either 8',
        'struct anon_t 8',
      ],
    );
  });
});
