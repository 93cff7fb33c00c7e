// C source documents are parsed and checked in a worker thread (server/src/c-worker), so no
// step of theirs (tree-sitter's last parse step, freeing a tree, a check's index: single calls
// that cannot pause) ever holds the language server's main thread. Proven by ORDER: the worker
// is held inside a check's first step (mid-parse) for as long as the test wants, and meanwhile a
// hover is answered and another document published; on the old code (the checks on the main
// thread, the gate unknown) the C diagnostics come first. Also: the main thread never loads
// tree-sitter for them, a header-only session starts no worker, the last close stops it, an edit
// cancels the work in the worker, and the worker reads the editor's unsaved headers.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { isParserReady } from '../../src/core/parser/tree-sitter/tree-sitter';
import { cWorkerStats, nextCWorkerExit } from '../../server/src/c-worker/client';
import { slowCSources } from '../fuzz/gen/slow-c-sources';
import { LspSession, positionOf } from './helpers/lsp-session';

const SMALL = 'struct small { int a; char b; };\n';
const SETTINGS = { abis: ['x86_64'], diagnostics: { debounceMs: 0 } };
const FIX = join(__dirname, '..', 'fixtures', 'checks', 'kernel-copy-uninitialized');

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'kpw-c-worker-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves once the worker blocks at the gate (it sets [1]); Atomics.waitAsync is Node 16+ (ES2024's lib). */
function heldAt(gate: Int32Array): Promise<unknown> {
  const { waitAsync } = Atomics as unknown as {
    waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string };
  };
  const w = waitAsync(gate, 1, 0);
  return w.async ? (w.value as Promise<string>) : Promise.resolve(w.value);
}

/** Every generated slow shape and a small real driver: whatever the C, the hold is inside its first step. */
function cSources(): { name: string; text: string }[] {
  return [
    ...slowCSources(1),
    { name: 'zpci-err-v3', text: readFileSync(join(FIX, 'zpci-err-v3.c'), 'utf8') },
    { name: 'empty', text: '' },
  ];
}

describe('C documents are checked off the main thread', () => {
  for (const source of cSources()) {
    test(`${source.name}: a hover and another document are answered while the check is held mid-step`, async () => {
      const gate = new Int32Array(new SharedArrayBuffer(8));
      const session = await LspSession.start({ settings: SETTINGS, cGate: gate });
      try {
        const small = await session.open(join(dir, 'small.h'), SMALL);
        await session.diagnostics(small, 1);
        const order: string[] = [];
        const uri = await session.open(join(dir, `${source.name}.c`), source.text);
        const published = session.diagnostics(uri, 1).then(() => order.push('c diagnostics'));
        // The worker signals [1] when it blocks inside the check's first step.
        const held = heldAt(gate).then(() => 'held');
        assert.equal(await Promise.race([held, published.then(() => 'published')]), 'held');
        const hover = await session.request<Hover>('textDocument/hover', {
          textDocument: { uri: small },
          position: positionOf(SMALL, 'small'),
        });
        order.push('hover');
        assert.match((hover.contents as MarkupContent).value, /small/);
        const other = await session.open(join(dir, `other-${source.name}.h`), SMALL);
        await session.diagnostics(other, 1);
        order.push('other diagnostics');
        assert.equal(Atomics.load(gate, 0), 0, 'the check is still held');
        Atomics.store(gate, 0, 1);
        Atomics.notify(gate, 0);
        await published;
        assert.deepEqual(order, ['hover', 'other diagnostics', 'c diagnostics']);
      } finally {
        await session.close();
      }
    });
  }

  test('the main thread never loads tree-sitter for a C document, checked or hovered', async () => {
    const session = await LspSession.start({
      settings: { ...SETTINGS, includeDirs: [join(FIX, 'include')] },
    });
    try {
      const file = join(FIX, 'zpci-err-v3.c');
      const text = readFileSync(file, 'utf8');
      const uri = await session.open(file, text);
      const diags = await session.diagnostics(uri, 1);
      assert.deepEqual(
        diags.map((d) => d.code),
        ['kernel-copy-uninitialized'],
      );
      const hover = await session.request<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(text, '&err', 2),
      });
      assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /2 @ 2 after pec/);
      assert.equal(isParserReady(), false, 'tree-sitter was loaded on the main thread');
    } finally {
      await session.close();
    }
  });

  test('a header-only session starts no worker; a C document starts one; closing the last stops it', async () => {
    // The sessions before stop their workers at shutdown; terminate() ends a worker a moment later.
    while (cWorkerStats().alive > 0) await nextCWorkerExit();
    const session = await LspSession.start({ settings: SETTINGS });
    try {
      const before = cWorkerStats();
      const h = await session.open(join(dir, 'only.h'), SMALL);
      await session.diagnostics(h, 1);
      await session.request('textDocument/hover', {
        textDocument: { uri: h },
        position: positionOf(SMALL, 'small'),
      });
      assert.equal(cWorkerStats().started, before.started, 'a header started the C worker');
      const c = await session.open(join(dir, 'one.c'), slowCSources(1)[0].text);
      await session.diagnostics(c, 1);
      assert.equal(cWorkerStats().started, before.started + 1);
      assert.equal(cWorkerStats().alive, 1);
      const exited = nextCWorkerExit();
      await session.closeDocument(c);
      await exited;
      assert.equal(cWorkerStats().alive, 0);
    } finally {
      await session.close();
    }
  });

  test('an edit cancels the check in the worker: it stops there, and only the new version is published', async () => {
    const gate = new Int32Array(new SharedArrayBuffer(8));
    const session = await LspSession.start({ settings: SETTINGS, cGate: gate, sliceMs: 0 });
    try {
      const before = cWorkerStats().cancelledInWorker;
      const uri = await session.open(join(dir, 'edited.c'), slowCSources(1)[1].text);
      await heldAt(gate);
      // Held mid-parse: the edit aborts the job; the worker sees the cancel once the gate opens.
      const version = await session.change(
        uri,
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        '// edited\n',
      );
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
      await session.diagnostics(uri, version);
      const mine = session.events.filter((e) => e.kind === 'publish' && e.uri === uri);
      assert.deepEqual(
        mine.map((e) => e.kind === 'publish' && e.version),
        [version],
      );
      assert.equal(cWorkerStats().cancelledInWorker, before + 1, 'the first check ran to its end');
    } finally {
      await session.close();
    }
  });

  test("the worker reads the editor's unsaved header, and the disk's once it is closed", async () => {
    const include = join(FIX, 'include');
    const session = await LspSession.start({ settings: { ...SETTINGS, includeDirs: [include] } });
    try {
      const header = join(include, 'linux', 'zpci_err.h');
      const onDisk = readFileSync(header, 'utf8');
      // The v3 struct without its hole, unsaved.
      const h = await session.open(header, onDisk.replace('__u16 pec;\n\tint', '__u32 pec;\n\tint'));
      const file = join(FIX, 'zpci-err-v3.c');
      const text = readFileSync(file, 'utf8');
      const c = await session.open(file, text);
      const codes = async (version: number) => (await session.diagnostics(c, version)).map((d) => d.code);
      assert.deepEqual(await codes(1), [], 'the unsaved header has no hole');
      await session.closeDocument(h);
      const end = { line: 0, character: 0 };
      const v2 = await session.change(c, { start: end, end }, '// again\n');
      assert.deepEqual(await codes(v2), ['kernel-copy-uninitialized'], 'the header on disk has one');
    } finally {
      await session.close();
    }
  });
});
