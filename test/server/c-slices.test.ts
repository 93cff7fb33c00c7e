// C source documents never make other requests wait behind their checks (issue 15,
// item 5): the tree-sitter parse stops and resumes, the functions are read and the
// kernel checks run in the same slices as a header's build, and an edit cancels them.
// Proven by ORDER, never by time (sliceMs 0: a pause at every checkpoint), for every
// generated slow C shape of test/fuzz/gen/slow-c-sources.ts.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { LspSession, positionOf } from './helpers/lsp-session';
import { slowCSources, type SlowCSource } from '../fuzz/gen/slow-c-sources';

const SMALL = 'struct small { int a; char b; };\n';
const SETTINGS = { abis: ['x86_64'], diagnostics: { debounceMs: 0 } };

let dir: string;
let sources: SlowCSource[];
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpw-c-slices-'));
  sources = slowCSources(1);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves when the server creates a progress (the checks needed more than one slice). */
function checksStarted(session: LspSession): Promise<string | number> {
  return new Promise((resolve) => {
    session.onEvent = (e) => {
      if (e.kind === 'progress-create') resolve(e.token);
    };
  });
}

describe('requests are answered while a C document is checked', () => {
  for (const name of ['many-functions', 'huge-function', 'many-cases']) {
    test(`${name}: a hover and another document's diagnostics come before the C file's`, async () => {
      const source = sources.find((s) => s.name === name)!;
      const session = await LspSession.start({ settings: SETTINGS, sliceMs: 0, workDoneProgress: true });
      try {
        const small = await session.open(join(dir, 'small.h'), SMALL);
        await session.diagnostics(small, 1);
        const order: string[] = [];
        const started = checksStarted(session);
        const uri = await session.open(join(dir, `${name}.c`), source.text);
        const done = session.diagnostics(uri, 1).then(() => order.push('c diagnostics'));
        // Code that never pauses publishes without a progress: the order below then fails.
        await Promise.race([started, done]);
        const hovered = session
          .request<Hover>('textDocument/hover', {
            textDocument: { uri: small },
            position: positionOf(SMALL, 'small'),
          })
          .then((h) => {
            order.push('hover');
            return h;
          });
        const other = session.open(join(dir, `other-${name}.h`), SMALL).then(async (o) => {
          await session.diagnostics(o, 1);
          order.push('other diagnostics');
        });
        const [hover] = await Promise.all([hovered, other, done]);
        assert.deepEqual(order.slice(-1), ['c diagnostics'], `order: ${order.join(', ')}`);
        assert.match((hover.contents as MarkupContent).value, /small/);
      } finally {
        await session.close();
      }
    });
  }

  test('an edit during the checks: the first version is never published, the second is', async () => {
    const source = sources.find((s) => s.name === 'many-functions')!;
    const session = await LspSession.start({ settings: SETTINGS, sliceMs: 0, workDoneProgress: true });
    try {
      const started = checksStarted(session);
      const uri = await session.open(join(dir, 'edited.c'), source.text);
      await started;
      const version = await session.change(
        uri,
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        '// edited\n',
      );
      await session.diagnostics(uri, version);
      const mine = session.events.filter((e) => e.kind === 'publish' && e.uri === uri);
      assert.deepEqual(
        mine.map((e) => e.kind === 'publish' && e.version),
        [version],
        'only the edited version is published',
      );
    } finally {
      await session.close();
    }
  });
});
