// The layout webview's byte map (media/struct-layout.js) fed with real
// kpw/structLayout results: which member, hole or padding each byte shows.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STRUCT_LAYOUT_METHOD, type AbiLayoutView, type StructLayoutView } from '../../src/protocol/index';
import { LspSession } from './helpers/lsp-session';

interface Cell {
  offset: number;
  kind: string;
  fields: { name: string; bits?: [number, number] }[];
}
const view = createRequire(__filename)('../../media/struct-layout.js') as {
  byteCells(abi: AbiLayoutView): Cell[];
  describe(cell: Cell, abi: string): string;
};

const holesPath = join(__dirname, '..', 'fixtures', 'server', 'holes.h');

/** One letter per byte: member initial, `.` hole, `_` end padding, `?` unused bits. */
function strip(abi: AbiLayoutView): string {
  const sign: Record<string, string> = { hole: '.', pad: '_', gap: '?' };
  return view
    .byteCells(abi)
    .map((c) => (c.kind === 'member' ? c.fields.map((f) => f.name[0]).join('') : sign[c.kind]))
    .join(' ');
}

describe('layout webview byte map', () => {
  let session: LspSession;
  let uri: string;
  const layout = (name: string) =>
    session.request<StructLayoutView>(STRUCT_LAYOUT_METHOD, { textDocument: { uri }, name });

  before(async () => {
    session = await LspSession.start();
    uri = await session.open(holesPath, readFileSync(holesPath, 'utf8'));
  });
  after(() => session.close());

  const expected: [string, string, string][] = [
    ['holey', 'x86_64', 't . . . c c c c v v v v v v v v f f _ _ _ _ _ _'],
    ['holey', 'i386', 't . . . c c c c v v v v v v v v f f _ _'],
    ['skewed', 'x86_64', 'a a a a . . . . b b b b b b b b'],
    ['skewed', 'i386', 'a a a a b b b b b b b b'],
    ['bits', 'x86_64', 'lh . t t'],
    ['either', 'x86_64', 'ww ww ww ww w w w w'],
  ];
  for (const [name, abi, cells] of expected) {
    test(`${name} on ${abi}`, async () => {
      const v = await layout(name);
      assert.equal(strip(v.abis.find((a) => a.abi === abi)!), cells);
    });
  }

  test('cell tooltips name the member, its type and bits', async () => {
    const v = await layout('bits');
    const cells = view.byteCells(v.abis[0]);
    assert.equal(view.describe(cells[0], 'x86_64'), 'x86_64 byte 0: __u32 lo bits 0-2 | __u32 hi bits 3-7');
    assert.equal(view.describe(cells[1], 'x86_64'), 'x86_64 byte 1: hole (implicit padding)');
  });
});
