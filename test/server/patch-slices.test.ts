// Kernel-patch documents never make other requests wait behind their analysis
// (issue 15, item 5): the header builds and checks of a patch run in the same
// slices as a header document's, and an edit cancels them. Proven by ORDER, never
// by time (sliceMs 0: a pause at every checkpoint), for every slow header shape of
// test/fuzz/gen/slow-headers.ts, created by the patch (hunks alone) or patched in a tree.
// The editor gets at most MAX_PUBLISHED_DIAGNOSTICS of a patch's findings, as of a header's.
// The other long phases are proven the same way: a patch of tens of thousands of findings (a hover
// sent once their ordering has begun), a big mbox series that is only read and applied, a patch
// adding a big .c file (test/fuzz/gen/slow-c-sources.ts).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { LspSession, positionOf, type SessionEvent } from './helpers/lsp-session';
import { slowHeaders, type SlowHeader } from '../fuzz/gen/slow-headers';
import { slowCSources } from '../fuzz/gen/slow-c-sources';
import { MAX_PUBLISHED_DIAGNOSTICS } from '../../src/core/limits';
import { DiagCode } from '../../src/core/diag/codes';

const SMALL = 'struct small { int a; char b; };\n';
const SETTINGS = {
  abis: ['x86_64'],
  diagnostics: { debounceMs: 0 },
  checks: { disabled: ['not-uapi-header'] },
};
// Every shape but many-includes (its includes sit beside the generated header, not in a patch's tree).
const SHAPES = ['one-line', 'deep-macros', 'deep-define', 'huge-struct', 'many-structs'];
const MODES = ['hunks', 'base'] as const;
type Mode = (typeof MODES)[number];

let dir: string;
let headers: SlowHeader[];
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpw-patch-slices-'));
  headers = slowHeaders(join(dir, 'gen'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const MAIL_HEAD = 'From: Dev <dev@example.org>\nSubject: [PATCH] big header\n\nBody.\n---\n';

/** A mail that creates the header (hunks mode), or adds a struct after its last line in a tree (base mode). */
function patchOf(big: SlowHeader, mode: Mode, tree: string): string {
  const path = `include/linux/${big.name}.h`;
  const lines = big.text.replace(/\n$/, '').split('\n');
  if (mode === 'hunks') {
    return (
      `${MAIL_HEAD}diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n` +
      `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`
    );
  }
  mkdirSync(join(tree, 'include/linux'), { recursive: true });
  writeFileSync(join(tree, path), big.text);
  const n = lines.length;
  return (
    `${MAIL_HEAD}diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n` +
    `@@ -${n},1 +${n},2 @@\n ${lines[n - 1]}\n+struct added_by_patch { int x; };\n`
  );
}

async function start(mode: Mode, tree: string): Promise<LspSession> {
  return LspSession.start({
    settings: SETTINGS,
    sliceMs: 0,
    workDoneProgress: true,
    workspaceFolders: mode === 'base' ? [tree] : [],
  });
}

async function openPatch(session: LspSession, path: string, text: string): Promise<string> {
  const uri = pathToFileURL(path).toString();
  await session.client.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'kernel-patch', version: 1, text },
  });
  return uri;
}

/** Resolves with the token when the server creates a progress (an analysis needed more than one slice). */
function analysisStarted(session: LspSession): Promise<string | number> {
  return new Promise((resolve) => {
    session.onEvent = (e) => {
      if (e.kind === 'progress-create') resolve(e.token);
    };
  });
}

const ORDERING = /^ordering \d+ findings$/;

/** The progress messages of one token, but the named phase of ordering the findings. */
const progressOf = (events: SessionEvent[], token: string | number) =>
  allProgressOf(events, token).filter((m) => !ORDERING.test(m));

const allProgressOf = (events: SessionEvent[], token: string | number) =>
  events.flatMap((e) =>
    e.kind === 'progress' && e.token === token ? [e.value.message ?? e.value.kind] : [],
  );

function progressSeen(session: LspSession, token: string | number, kind: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => allProgressOf(session.events, token).includes(kind);
    if (check()) return resolve();
    session.onEvent = () => {
      if (check()) resolve();
    };
  });
}

describe('requests are answered while a patch document is analysed', () => {
  for (const mode of MODES) {
    for (const shape of SHAPES) {
      test(`${mode}, ${shape}: a hover and another document's diagnostics come before the patch's`, async () => {
        const big = headers.find((h) => h.name === shape)!;
        const tree = join(dir, `tree-${mode}-${shape}`);
        mkdirSync(tree, { recursive: true });
        const text = patchOf(big, mode, tree);
        const session = await start(mode, tree);
        try {
          const small = await session.open(join(dir, 'small.h'), SMALL);
          await session.diagnostics(small, 1);
          const started = analysisStarted(session);
          const patchUri = await openPatch(session, join(dir, `${mode}-${shape}.patch`), text);
          const token = await started;
          const order: string[] = [];
          const hovered = session
            .request<Hover>('textDocument/hover', {
              textDocument: { uri: small },
              position: positionOf(SMALL, 'small'),
            })
            .then((h) => {
              order.push('hover');
              return h;
            });
          const other = session.open(join(dir, 'other.h'), SMALL).then(async (uri) => {
            await session.diagnostics(uri, 1);
            order.push('other diagnostics');
          });
          const patchDone = session.diagnostics(patchUri, 1).then((d) => {
            order.push('patch diagnostics');
            return d;
          });
          const [hover, , found] = await Promise.all([hovered, other, patchDone]);
          // The patch was read and applied (the big header was really analysed), not refused.
          const patchProblems = found.filter((d) => String(d.code).startsWith('patch-'));
          assert.deepEqual(patchProblems, [], JSON.stringify(patchProblems.slice(0, 3)));
          assert.deepEqual(order.slice(-1), ['patch diagnostics'], `order: ${order.join(', ')}`);
          assert.match((hover.contents as MarkupContent).value, /small/);
          await progressSeen(session, token, 'end');
          assert.deepEqual(progressOf(session.events, token), [`analysing ${mode}-${shape}.patch`, 'end']);
        } finally {
          await session.close();
        }
      });
    }
  }
});

describe('a patch analysis in flight is cancelled', () => {
  for (const mode of MODES) {
    test(`${mode}: an edit during the analysis: the first version is never published, the second is`, async () => {
      const big = headers.find((h) => h.name === 'many-structs')!;
      const tree = join(dir, `tree-edit-${mode}`);
      mkdirSync(tree, { recursive: true });
      const session = await start(mode, tree);
      try {
        const started = analysisStarted(session);
        const uri = await openPatch(session, join(dir, `edit-${mode}.patch`), patchOf(big, mode, tree));
        const token = await started;
        // A line added to the commit message: the patch still applies.
        const version = await session.change(
          uri,
          { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
          'More body.\n',
        );
        await session.diagnostics(uri, version);
        await progressSeen(session, token, 'end');
        assert.deepEqual(
          progressOf(session.events, token).slice(1),
          ['cancelled', 'end'],
          'the first run stopped',
        );
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
  }

  test('a close during the analysis: nothing but the clearing publication', async () => {
    const big = headers.find((h) => h.name === 'one-line')!;
    const tree = join(dir, 'tree-close');
    mkdirSync(tree, { recursive: true });
    const session = await start('hunks', tree);
    try {
      const started = analysisStarted(session);
      const uri = await openPatch(session, join(dir, 'close.patch'), patchOf(big, 'hunks', tree));
      const token = await started;
      await session.closeDocument(uri);
      await progressSeen(session, token, 'end');
      assert.deepEqual(progressOf(session.events, token).slice(1), ['cancelled', 'end'], 'the run stopped');
      // Work queued after the close: when its diagnostics are out, the cancelled run is long gone.
      const after = await session.open(join(dir, 'after-close.h'), SMALL);
      await session.diagnostics(after, 1);
      const mine = session.events.filter((e) => e.kind === 'publish' && e.uri === uri);
      assert.deepEqual(
        mine.map((e) => e.kind === 'publish' && e.count),
        [0],
        'only the clearing publication',
      );
    } finally {
      await session.close();
    }
  });
});

describe('a patch with more findings than the editor shows', () => {
  test('at most MAX_PUBLISHED_DIAGNOSTICS, then one saying how many more, as for a header', async () => {
    // Each generated UAPI struct has 4 findings (hole, trailing padding, two non-fixed-width types).
    const structs = Math.ceil(MAX_PUBLISHED_DIAGNOSTICS / 4) + 100;
    const path = 'include/uapi/linux/many-findings.h';
    const body = Array.from(
      { length: structs },
      (_, i) => `+struct f_${i} { unsigned int a; unsigned long long b; char c; };`,
    );
    const text =
      `${MAIL_HEAD}diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n` +
      `@@ -0,0 +1,${structs} @@\n${body.join('\n')}\n`;
    const session = await LspSession.start({ settings: SETTINGS });
    try {
      const uri = await openPatch(session, join(dir, 'many-findings.patch'), text);
      const found = await session.diagnostics(uri, 1);
      assert.equal(found.length, MAX_PUBLISHED_DIAGNOSTICS + 1);
      assert.equal(found.at(-1)?.code, DiagCode.fileTooLarge);
      assert.match(String(found.at(-1)?.message), /^\d+ more findings from here on are not shown/);
    } finally {
      await session.close();
    }
  });
});

/** A mail creating `path` with `text` (hunks mode). */
function creating(path: string, text: string, subject = '[PATCH] big file'): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return (
    `From: Dev <dev@example.org>\nSubject: ${subject}\n\nBody.\n---\n` +
    `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n` +
    `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`
  );
}

/** The long phases beside the header builds, each the only long work of its patch or decisive in it. */
const PHASES: { name: string; text: () => string; from: 'start' | 'ordering' }[] = [
  {
    // 5000 structs, 4 findings each: the hover is sent once the server says it orders them.
    name: 'many findings (their gathering, dedupe and sort)',
    from: 'ordering',
    text: () =>
      creating(
        'include/uapi/linux/many-findings.h',
        Array.from(
          { length: 5000 },
          (_, i) => `struct f_${i} { unsigned int a; unsigned long long b; char c; };`,
        ).join('\n'),
      ),
  },
  {
    // 300 mails of two series touching documentation only: nothing to build, only read and applied.
    name: 'a big mbox series (reading and applying)',
    from: 'start',
    text: () => {
      const mails: string[] = [];
      for (const title of ['alpha', 'beta'])
        for (let k = 1; k <= 150; k++) {
          const doc = Array.from({ length: 60 }, (_, j) => `Line ${j} of part ${k} of ${title}.`).join('\n');
          mails.push(
            `From 0000 Mon Sep 17 00:00:00 2001\n` +
              creating(`Documentation/${title}/part-${k}.rst`, doc, `[PATCH ${k}/150] ${title} docs`),
          );
        }
      return mails.join('\n');
    },
  },
  ...slowCSources(1).map((c) => ({
    // Tree-sitter's parse and the kernel checks of the .c file the patch adds.
    name: `a patch adding a big .c file (${c.name})`,
    from: 'start' as const,
    text: () => creating(`drivers/misc/${c.name}.c`, c.text),
  })),
];

describe('the other long phases of a patch analysis pause too', () => {
  for (const phase of PHASES) {
    test(`${phase.name}: a hover and another document's diagnostics come before the patch's`, async () => {
      const session = await start('hunks', dir);
      try {
        const small = await session.open(join(dir, 'small.h'), SMALL);
        await session.diagnostics(small, 1);
        const order: string[] = [];
        const name = `phase-${PHASES.indexOf(phase)}.patch`;
        const patchUri = await openPatch(session, join(dir, name), phase.text());
        const patchDone = session.diagnostics(patchUri, 1).then((d) => {
          order.push('patch diagnostics');
          return d;
        });
        // The moment to ask: the analysis has paused once (or has begun ordering its findings). Code
        // that never pauses there publishes first, and the order below fails.
        const ready = new Promise<void>((resolve) => {
          session.onEvent = (e) => {
            if (phase.from === 'start' && e.kind === 'progress-create') resolve();
            if (phase.from === 'ordering' && e.kind === 'progress' && ORDERING.test(e.value.message ?? ''))
              resolve();
          };
        });
        await Promise.race([ready, patchDone]);
        const hovered = session
          .request<Hover>('textDocument/hover', {
            textDocument: { uri: small },
            position: positionOf(SMALL, 'small'),
          })
          .then((h) => {
            order.push('hover');
            return h;
          });
        const other = session.open(join(dir, `other-${name}.h`), SMALL).then(async (uri) => {
          await session.diagnostics(uri, 1);
          order.push('other diagnostics');
        });
        const [hover, , found] = await Promise.all([hovered, other, patchDone]);
        const patchProblems = found.filter((d) => String(d.code).startsWith('patch-'));
        assert.deepEqual(patchProblems, [], JSON.stringify(patchProblems.slice(0, 3)));
        assert.deepEqual(order.slice(-1), ['patch diagnostics'], `order: ${order.join(', ')}`);
        assert.match((hover.contents as MarkupContent).value, /small/);
      } finally {
        await session.close();
      }
    });
  }
});
