// Reads never leave their roots: every generated symlink layout (links to
// outside files and directories, chains, dangling links, loops, /dev/zero,
// FIFOs; at the top of the tree and deep) is run through `kpw check DIR`,
// `kpw patch --base` (text, b4, --pre-existing, a copy), includes and scenarios.
// The secret only outside the tree never shows; each refused path is named.

import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/cli/main';
import { canonicalPath, isInside, nodeFileHost, type FileHost } from '../../src/core/host/index';
import { getAbi } from '../../src/core/abi/index';
import { buildHeaderModel } from '../../src/core/model/header-model';
import { pathToUri } from '../../server/src/convert';
import { simRunScenario } from '../../server/src/sim/sim-scenario';
import { DIR_SHAPES, layouts, makeLab, plant, SECRET, type Lab, type Shape } from './hostile-fs';

async function kpw(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(args, { stdout: (t) => lines.push(t), stderr: (t) => lines.push(t) });
  return { code, out: lines.join('\n') };
}

/** The planted entry's path relative to the tree: a header name, or a directory for directory shapes. */
const entryOf = (shape: Shape, depth: string) => `${depth}${DIR_SHAPES.has(shape) ? 'linkdir' : 'link.h'}`;
/** The path a patch or an include names through the entry. */
const targetOf = (shape: Shape, depth: string) =>
  `${entryOf(shape, depth)}${DIR_SHAPES.has(shape) ? (shape === 'root' ? '/etc/passwd' : '/secret.h') : ''}`;

function patchMail(path: string, copy = false): string {
  const head = copy
    ? `diff --git a/${path} b/include/copy.h\nsimilarity index 90%\ncopy from ${path}\ncopy to include/copy.h\n--- a/${path}\n+++ b/include/copy.h\n`
    : `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n`;
  return `From 0 Mon Sep 17 00:00:00 2001\nFrom: T <t@example.com>\nSubject: [PATCH] touch ${path}\n\n---\n${head}@@ -1,1 +1,1 @@\n-not the first line\n+struct added { int a; };\n`;
}

describe('symlink layouts through every reader', () => {
  const labs: Lab[] = [];
  after(() => labs.forEach((l) => l.cleanup()));
  for (const { shape, depth, name } of layouts()) {
    describe(name, () => {
      let lab: Lab;
      before(() => {
        lab = makeLab();
        labs.push(lab);
        mkdirSync(join(lab.tree, 'include/uapi/linux'), { recursive: true });
        writeFileSync(join(lab.tree, 'include/uapi/linux/ok.h'), 'struct ok { int a; int b; };\n');
        plant(lab, entryOf(shape, depth), shape);
      });

      test('kpw check DIR: never exit 4, never the secret, the link named', async () => {
        const r = await kpw(['check', '--abi', 'x86_64', lab.tree]);
        assert.ok([0, 1, 3].includes(r.code), `exit ${r.code}: ${r.out}`);
        assert.ok(!r.out.includes(SECRET), r.out);
        assert.ok(r.out.includes(join(lab.tree, entryOf(shape, depth))), `names the link:\n${r.out}`);
      });

      for (const variant of [['--format', 'text'], ['--format', 'b4'], ['--pre-existing'], ['copy']]) {
        test(`kpw patch --base ${variant.join(' ')}: nothing quoted from outside`, async () => {
          const copy = variant[0] === 'copy';
          const file = join(lab.root, `p-${copy ? 'copy' : 'modify'}.patch`);
          writeFileSync(file, patchMail(targetOf(shape, depth), copy));
          const r = await kpw([
            'patch',
            '--abi',
            'x86_64',
            '--base',
            lab.tree,
            ...(copy ? [] : variant),
            file,
          ]);
          assert.ok([0, 1, 3].includes(r.code), `exit ${r.code}: ${r.out}`);
          assert.ok(!r.out.includes(SECRET), r.out);
          assert.ok(!/kpw_secret/.test(r.out), r.out);
          if (shape !== 'dangling')
            assert.match(
              r.out,
              /patch-path-outside|outside the base tree|not a regular file|link loop/,
              r.out,
            );
        });
      }

      test('includes: the model never reads a file outside its roots', async () => {
        const inc = join(lab.tree, 'include/uapi/linux/inc.h');
        const rel = DIR_SHAPES.has(shape)
          ? `<${targetOf(shape, '').replace(/^linkdir\//, 'linkdir/')}>`
          : `"../../../${targetOf(shape, depth)}"`;
        writeFileSync(inc, `#include ${rel}\nstruct inc { int a; };\n`);
        const reads: string[] = [];
        const recording: FileHost = {
          ...nodeFileHost,
          readFile: (p) => (reads.push(p), nodeFileHost.readFile(p)),
        };
        const model = await buildHeaderModel({
          files: [inc],
          includeDirs: [join(lab.tree, depth)],
          abi: getAbi('x86_64')!,
          host: recording,
        });
        const outside = realpathSync(lab.outside);
        for (const p of reads) {
          let real: string;
          try {
            real = canonicalPath(nodeFileHost, p);
          } catch {
            continue; // a loop: never resolvable, never opened
          }
          assert.ok(!isInside(outside, real) && !real.startsWith('/dev/'), `read ${p} -> ${real}`);
        }
        assert.equal(model.record('kpw_secret'), undefined);
        const text = model.diagnostics.map((d) => d.message).join('\n');
        assert.ok(!text.includes(SECRET), text);
        if (shape !== 'dangling')
          assert.ok(
            model.diagnostics.some((d) => d.code === 'file-unreadable' || d.code === 'include-not-found'),
            text,
          );
      });

      test('scenarios in the editor: refused by kind or root, answered at once', async () => {
        const uri = pathToUri(join(lab.tree, targetOf(shape, depth)));
        const docs = { get: () => undefined } as never;
        const r = await simRunScenario(undefined as never, docs, { uri } as never, [lab.tree]);
        assert.equal(r.ok, false);
        assert.ok(!JSON.stringify(r).includes(SECRET), JSON.stringify(r));
      });
    });
  }
});
