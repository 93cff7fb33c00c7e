// The language server never makes other requests wait behind a header build
// (issue 15, item 5): builds run in slices, report progress, and are cancelled by
// an edit or a close. Proven by the ORDER of what the client sees, never by time:
// the server pauses at every checkpoint (sliceMs 0), and each test acts when the
// progress of the big build begins (the build is then under way), for every shape
// of slow header (test/fuzz/gen/slow-headers.ts).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { LspSession, positionOf, type SessionEvent } from './helpers/lsp-session';
import { slowHeaders, type SlowHeader } from '../fuzz/gen/slow-headers';
import { MAX_PUBLISHED_DIAGNOSTICS } from '../../src/core/limits';

const SMALL = 'struct small { int a; char b; };\n';
// One ABI, the debounce at 0 (the first build starts at once); the headers are outside include/uapi.
const SETTINGS = {
  abis: ['x86_64'],
  diagnostics: { debounceMs: 0 },
  checks: { disabled: ['not-uapi-header'] },
};

let dir: string;
let headers: SlowHeader[];
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpw-slices-'));
  headers = slowHeaders(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const start = () => LspSession.start({ settings: SETTINGS, sliceMs: 0, workDoneProgress: true });

/** Resolves with the token when the server creates a progress (a build needed more than one slice). */
function buildStarted(session: LspSession): Promise<string | number> {
  return new Promise((resolve) => {
    session.onEvent = (e) => {
      if (e.kind === 'progress-create') resolve(e.token);
    };
  });
}

async function openSmall(session: LspSession, name: string): Promise<string> {
  const uri = await session.open(join(dir, name), SMALL);
  await session.diagnostics(uri, 1);
  return uri;
}

const hoverSmall = (session: LspSession, uri: string) =>
  session.request<Hover>('textDocument/hover', {
    textDocument: { uri },
    position: positionOf(SMALL, 'small'),
  });

/** The progress values reported for `token`, in order (a report by its message). */
const progressOf = (events: SessionEvent[], token: string | number) =>
  events.flatMap((e) =>
    e.kind === 'progress' && e.token === token ? [e.value.message ?? e.value.kind] : [],
  );

/** Resolves once `kind` progress for `token` has arrived. */
function progressSeen(session: LspSession, token: string | number, kind: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => progressOf(session.events, token).includes(kind);
    if (check()) return resolve();
    session.onEvent = () => {
      if (check()) resolve();
    };
  });
}

describe('requests are answered while a header builds', () => {
  const SHAPES = [
    'one-line',
    'deep-macros',
    'deep-define',
    'many-includes',
    'huge-struct',
    'many-structs',
    'nested-union',
    'nested-deep',
    'skipped-records',
    'huge-enum',
    'huge-define',
    'doubling-define',
  ];
  test('there are slow headers of every shape', () => {
    assert.deepEqual(
      headers.map((h) => h.name),
      SHAPES,
    );
  });

  for (const shape of SHAPES) {
    const name = `${shape}: a hover and another document's diagnostics come before the big header's`;
    test(name, async () => {
      const big = headers.find((h) => h.name === shape)!;
      const session = await start();
      try {
        const small = await openSmall(session, 'small.h');
        const started = buildStarted(session);
        const bigUri = await session.open(big.path, big.text);
        const token = await started;
        const order: string[] = [];
        const hovered = hoverSmall(session, small).then((h) => {
          order.push('hover');
          return h;
        });
        const other = session.open(join(dir, 'other.h'), SMALL).then(async (uri) => {
          await session.diagnostics(uri, 1);
          order.push('other diagnostics');
        });
        const bigDone = session.diagnostics(bigUri, 1).then((d) => {
          order.push('big diagnostics');
          return d;
        });
        const [hover, , bigDiagnostics] = await Promise.all([hovered, other, bigDone]);
        assert.deepEqual(order.slice(-1), ['big diagnostics'], `order: ${order.join(', ')}`);
        assert.match((hover.contents as MarkupContent).value, /small/);
        assert.deepEqual(bigDiagnostics, [], 'the slow header is valid C');
        await progressSeen(session, token, 'end');
        const name = big.path.split('/').pop();
        assert.deepEqual(progressOf(session.events, token), [`analysing ${name}`, 'end']);
      } finally {
        await session.close();
      }
    });
  }
});

describe('a build in flight is cancelled', () => {
  test('an edit during the build: the first version is never published, the second is', async () => {
    const big = headers.find((h) => h.name === 'one-line')!;
    const session = await start();
    try {
      const started = buildStarted(session);
      const uri = await session.open(big.path, big.text);
      const token = await started;
      const version = await session.change(
        uri,
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        ' ',
      );
      await session.diagnostics(uri, version);
      await progressSeen(session, token, 'end');
      assert.deepEqual(
        progressOf(session.events, token).slice(1),
        ['cancelled', 'end'],
        'the first build stopped',
      );
      const mine = session.events.filter((e) => e.kind === 'publish' && e.uri === uri);
      assert.deepEqual(
        mine.map((e) => e.kind === 'publish' && e.version),
        [version],
        'only the edited version is published',
      );
      assert.deepEqual(
        session.reports.filter((r) => r.uri === uri).map((r) => r.version),
        [version],
      );
    } finally {
      await session.close();
    }
  });

  test('a close during the build: its diagnostics are cleared and never published', async () => {
    const big = headers.find((h) => h.name === 'many-structs')!;
    const session = await start();
    try {
      const started = buildStarted(session);
      const uri = await session.open(big.path, big.text);
      const token = await started;
      await session.closeDocument(uri);
      await progressSeen(session, token, 'end');
      assert.deepEqual(progressOf(session.events, token).slice(1), ['cancelled', 'end'], 'the build stopped');
      // Work queued after the close: when its diagnostics are out, the cancelled build is long gone.
      await openSmall(session, 'after-close.h');
      const mine = session.events.filter((e) => e.kind === 'publish' && e.uri === uri);
      assert.deepEqual(
        mine.map((e) => e.kind === 'publish' && e.count),
        [0],
        'only the clearing publication',
      );
      assert.deepEqual(
        session.reports.filter((r) => r.uri === uri),
        [],
      );
    } finally {
      await session.close();
    }
  });

  test('a settings change during the build: the build starts again with the new settings', async () => {
    const big = headers.find((h) => h.name === 'huge-struct')!;
    const session = await start();
    try {
      const started = buildStarted(session);
      const uri = await session.open(big.path, big.text);
      const token = await started;
      await session.updateSettings({ ...SETTINGS, abis: ['i386'] });
      const hover = await session.request<Hover>('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(big.text, 'huge'),
      });
      assert.match((hover.contents as MarkupContent).value, /i386/);
      assert.doesNotMatch((hover.contents as MarkupContent).value, /x86_64/);
      await progressSeen(session, token, 'end');
      assert.deepEqual(
        progressOf(session.events, token).slice(1),
        ['cancelled', 'end'],
        'the first build stopped',
      );
      await session.diagnostics(uri, 1);
      assert.equal(
        session.reports.filter((r) => r.uri === uri).length,
        1,
        'one publication: the new settings',
      );
    } finally {
      await session.close();
    }
  });
  test('an included file opened with new text during the build: the build starts again and reads it', async () => {
    const big = headers.find((h) => h.name === 'many-includes')!;
    const session = await start();
    try {
      const started = buildStarted(session);
      const uri = await session.open(big.path, big.text);
      const token = await started;
      // The first include now holds a 100-byte record: the includer's first member grows with it.
      const part = join(dir, 'inc', 'part-0.h');
      await session.open(part, '#ifndef PART_0\n#define PART_0\nstruct inc_0_0 { char x[100]; };\n#endif\n');
      await progressSeen(session, token, 'end');
      assert.deepEqual(
        progressOf(session.events, token).slice(1),
        ['cancelled', 'end'],
        'the first build stopped',
      );
      await session.diagnostics(uri, 1);
      const hover = await session.request<Hover>('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(big.text, 'many_includes'),
      });
      assert.match((hover.contents as MarkupContent).value, /\| x86_64[^|]*\| 100 \|/);
    } finally {
      await session.close();
    }
  });
});

describe('a publication is bounded', () => {
  test('a header with more findings than the limit publishes the limit and one naming the rest', async () => {
    const session = await start();
    try {
      const count = MAX_PUBLISHED_DIAGNOSTICS + 700;
      const text = Array.from({ length: count }, (_, i) => `int x${i} y;`).join('\n') + '\n';
      const uri = await session.open(join(dir, 'damaged.h'), text);
      const published = await session.diagnostics(uri, 1);
      assert.equal(published.length, MAX_PUBLISHED_DIAGNOSTICS + 1);
      const last = published[published.length - 1];
      assert.match(
        String(last.message),
        /^700 more findings from here on are not shown: .*\(`kpw check` lists them all\)$/,
      );
      assert.equal(last.range.start.line, MAX_PUBLISHED_DIAGNOSTICS);
    } finally {
      await session.close();
    }
  });
});
