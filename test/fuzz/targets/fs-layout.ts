// Fuzz target: hostile file-system layouts. An input is a small script of
// files, directories, FIFOs and symbolic links (to outside files, /dev/zero, a
// FIFO, `/`, loops, anything `..` reaches); it is built in a scratch lab, then
// walked (kpw check DIR), modelled (includes) and patched onto (--base). No
// read may land outside the tree or on a non-regular file; nothing may throw.

import { existsSync, mkdirSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { getAbi } from '../../../src/core/abi/index';
import { isInside, nodeFileHost, walkTree, type FileHost } from '../../../src/core/host/index';
import { buildHeaderModel } from '../../../src/core/model/header-model';
import { applySeries } from '../../../src/core/patch/series-images';
import { readPatchText } from '../../../src/core/patch/read-input';
import { initParser } from '../../../src/core/parser/tree-sitter/tree-sitter';
import { makeLab, mkfifo, type Lab } from '../../security/hostile-fs';
import { invariant, type FuzzTarget } from './types';

const MAX_OPS = 24;

const SEEDS = [
  'file include/uapi/linux/a.h\nlink include/uapi/linux/b.h -> @outside/secret.h\ninclude include/uapi/linux/a.h "b.h"',
  'dir x\nlink x/etc -> @outside\nfile x/ok.h\npatch x/etc/passwd',
  'link loop.h -> loop.h\nlink a.h -> b.h\nlink b.h -> a.h\nfile c.h\ninclude c.h "a.h"',
  'link zero.h -> @dev/zero\nlink f.h -> @fifo\nfifo g.h\npatch zero.h\npatch f.h\npatch g.h',
  'dir a/b/c/d\nlink a/b/c/d/root -> @root\nlink a/b/c/d/up.h -> ../../../../../outside/secret.h\npatch a/b/c/d/up.h',
  'file include/k.h\nlink include/linux -> @outside/linux\ninclude include/k.h <linux/secret.h>',
];

export const fsLayoutTarget: FuzzTarget = {
  name: 'fs-layout',
  description:
    'symlink/FIFO/device layouts through walkTree, buildHeaderModel (includes) and applySeries (--base)',
  seeds: () => SEEDS,
  dictionary: [
    'file ',
    'dir ',
    'fifo ',
    'link ',
    ' -> ',
    '@outside/secret.h',
    '@outside',
    '@dev/zero',
    '@fifo',
    '@root',
    '../',
    'include ',
    'patch ',
    '"x.h"',
    '<linux/secret.h>',
    '.h',
    '/',
    '\n',
  ],
  maxLength: 2000,
  timeoutMs: 20_000,
  setup: () => initParser(),
  async run(input: string) {
    const lab = makeLab();
    try {
      const ops = build(lab, input);
      await exercise(lab, ops);
    } finally {
      lab.cleanup();
    }
  },
};

interface Ops {
  includes: string[];
  patches: string[];
}

/** A tree path from the script: relative, at most 8 deep, never climbing (links may climb; paths may not). */
function treePath(lab: Lab, raw: string): string | undefined {
  const rel = normalize(raw.trim().replace(/^\/+/, ''));
  if (!rel || rel === '.' || rel.startsWith('..') || rel.split('/').length > 8 || rel.length > 200)
    return undefined;
  return join(lab.tree, rel);
}

function linkTarget(lab: Lab, raw: string): string {
  const t = raw.trim();
  if (t === '@dev/zero') return '/dev/zero';
  if (t === '@fifo') return join(lab.outside, 'fifo');
  if (t === '@root') return '/';
  if (t.startsWith('@outside')) return join(lab.outside, t.slice('@outside'.length));
  return t.slice(0, 200) || '.';
}

function build(lab: Lab, input: string): Ops {
  const ops: Ops = { includes: [], patches: [] };
  for (const line of input.split('\n').slice(0, MAX_OPS)) {
    const [verb, ...rest] = line.trim().split(/\s+/);
    const arg = rest.join(' ');
    try {
      if (verb === 'file' || verb === 'dir' || verb === 'fifo') {
        const at = treePath(lab, arg);
        if (!at || existsSync(at)) continue;
        mkdirSync(verb === 'dir' ? at : dirname(at), { recursive: true });
        if (verb === 'file') writeFileSync(at, 'struct ok { int a; };\n');
        if (verb === 'fifo') mkfifo(at);
      } else if (verb === 'link') {
        const [from, to = ''] = arg.split('->');
        const at = treePath(lab, from);
        if (!at) continue;
        mkdirSync(dirname(at), { recursive: true });
        symlinkSync(linkTarget(lab, to), at);
      } else if (verb === 'include') {
        const m = /^(\S+)\s+(".*"|<.*>)$/.exec(arg);
        const at = m && treePath(lab, m[1]);
        if (!at || !m) continue;
        mkdirSync(dirname(at), { recursive: true });
        writeFileSync(at, `#include ${m[2]}\nstruct inc { int a; };\n`);
        ops.includes.push(at);
      } else if (verb === 'patch') {
        if (treePath(lab, arg)) ops.patches.push(normalize(arg.trim().replace(/^\/+/, '')));
      }
    } catch {
      // An op the file system refuses (a parent that is a file, a name taken): skipped.
    }
  }
  return ops;
}

/** A host that records what reaches the disk (under any confinement the callers add). */
function recordingHost(reads: string[]): FileHost {
  return { ...nodeFileHost, readFile: (p) => (reads.push(p), nodeFileHost.readFile(p)) };
}

function assertReadsInside(lab: Lab, reads: readonly string[], what: string): void {
  const outside = realpathSync(lab.outside);
  for (const p of reads) {
    let real: string;
    try {
      real = realpathSync(p);
    } catch {
      continue; // missing, dangling or a loop: nothing was opened
    }
    // Devices and FIFOs inside the tree may reach the Node host: it refuses them by type, unopened.
    invariant(
      !isInside(outside, real) && real !== '/dev/zero',
      () => `${what}: read ${p} -> ${real}, outside the tree`,
    );
  }
}

async function exercise(lab: Lab, ops: Ops): Promise<void> {
  const walk = walkTree(nodeFileHost, lab.tree, (n) => n.endsWith('.h'));
  const tree = realpathSync(lab.tree);
  for (const f of walk.files) {
    const real = realpathSync(f);
    invariant(isInside(tree, real) && statSync(real).isFile(), () => `walk returned ${f} -> ${real}`);
  }
  const abi = getAbi('x86_64');
  invariant(abi, 'x86_64 ABI');
  for (const file of [...ops.includes, ...walk.files].slice(0, 3)) {
    const reads: string[] = [];
    await buildHeaderModel({ files: [file], includeDirs: [lab.tree], abi, host: recordingHost(reads) });
    // The main file is named by the caller (as on a command line); its includes are what is checked.
    assertReadsInside(
      lab,
      reads.filter((r) => r !== file),
      `model of ${file}`,
    );
  }
  if (ops.patches.length) {
    const diff = ops.patches
      .slice(0, 6)
      .map(
        (p) =>
          `diff --git a/${p} b/${p}\n--- a/${p}\n+++ b/${p}\n@@ -1,1 +1,1 @@\n-x\n+struct y { int a; };\n`,
      )
      .join('');
    const mail = readPatchText(
      `From 0 Mon Sep 17 00:00:00 2001\nFrom: F <f@example.com>\nSubject: [PATCH] fuzz\n\n---\n${diff}`,
      join(lab.root, 'fuzz.patch'),
    );
    const reads: string[] = [];
    const applied = applySeries(mail.mails, lab.tree, recordingHost(reads));
    assertReadsInside(lab, reads, 'patch --base');
    const text = JSON.stringify(applied.map((a) => a.diagnostics.map((d) => d.message)));
    invariant(!text.includes('KPW_SECRET'), 'a diagnostic quotes an outside file');
  }
}
