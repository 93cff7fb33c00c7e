// One view of the disk per CLI run (snapshotHost with contents: false): each path's real
// path is asked of the disk once per run, but every confined host still judges every path
// against its own roots, and file texts are read afresh. canonicalRoots (confine.ts) keeps
// roots in first-seen order minus those inside another: checked against the plain quadratic
// definition on generated root lists.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { canonicalRoots, confineHost, isInside } from '../../../src/core/host/confine';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import { snapshotHost } from '../../../src/core/host/snapshot-host';
import { HostRefusal, type FileHost } from '../../../src/core/host/types';

const dir = mkdtempSync(join(tmpdir(), 'kpw-snapshot-confine-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** nodeFileHost counting its realpath and readFile calls. */
function counting(): { host: FileHost; realpaths: Map<string, number>; reads: Map<string, number> } {
  const realpaths = new Map<string, number>();
  const reads = new Map<string, number>();
  const bump = (m: Map<string, number>, p: string) => m.set(p, (m.get(p) ?? 0) + 1);
  const host: FileHost = {
    ...nodeFileHost,
    realpath: (p) => (bump(realpaths, p), nodeFileHost.realpath?.(p)),
    readFile: (p) => (bump(reads, p), nodeFileHost.readFile(p)),
  };
  return { host, realpaths, reads };
}

test('a run view resolves each path once, reads texts afresh, and every host still judges by its roots', () => {
  const inside = join(dir, 'tree');
  const outside = join(dir, 'outside');
  mkdirSync(join(inside, 'sub'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(inside, 'sub', 'a.h'), 'one');
  writeFileSync(join(outside, 'secret.h'), 'secret');
  symlinkSync(join(outside, 'secret.h'), join(inside, 'sub', 'leak.h'));
  const { host, realpaths, reads } = counting();
  const view = snapshotHost(host, { contents: false });
  const a = join(inside, 'sub', 'a.h');
  const leak = join(inside, 'sub', 'leak.h');
  // Seven models of one run (an ABI each), confined to the tree.
  for (let i = 0; i < 7; i++) {
    const confined = confineHost(view, [inside]);
    assert.equal(confined.readFile(a), i > 2 ? 'two' : 'one');
    if (i === 2) writeFileSync(a, 'two');
    assert.throws(() => confined.readFile(leak), HostRefusal, 'a link out of the tree is refused');
  }
  assert.equal(realpaths.get(a), 1, 'resolved once per run');
  assert.equal(realpaths.get(leak), 1);
  assert.equal(reads.get(a), 7, 'texts are not held by the view');
  assert.equal(reads.get(leak), undefined, 'the refused file is never read');
  // The same view, another host whose roots hold the link's target: that one may read it.
  assert.equal(confineHost(view, [inside, outside]).readFile(leak), 'secret');
  // And one whose roots do not hold the tree refuses even the file the others read.
  assert.throws(() => confineHost(view, [outside]).readFile(a), HostRefusal);
});

/** The definition: canonical roots, duplicates dropped (first kept), then roots inside another dropped. */
function quadratic(roots: string[]): string[] {
  const out: string[] = [];
  for (const r of roots) if (!out.includes(r)) out.push(r);
  return out.filter((r) => !out.some((o) => o !== r && isInside(o, r)));
}

test('canonicalRoots equals the quadratic definition on generated root lists', () => {
  // In-memory host: no realpath, so the canonical form is the resolved path itself.
  const host: FileHost = { readFile: () => undefined, fileExists: () => false };
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const parts = ['a', 'b', 'ab', 'a.h', 'include', 'uapi', 'linux'];
  for (let round = 0; round < 300; round++) {
    const roots = Array.from({ length: 1 + rand(30) }, () => {
      const depth = rand(5);
      return '/' + Array.from({ length: depth }, () => parts[rand(parts.length)]).join('/');
    });
    assert.deepEqual(canonicalRoots(host, roots), quadratic(roots), JSON.stringify(roots));
  }
});
