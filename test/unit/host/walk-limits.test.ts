// The directory walk's bounds and the confinement helper, as data: depth and
// file-count limits stop a walk with a problem naming where (exit 3 in the
// CLI), duplicates through inside links are listed once, and confineHost
// refuses exactly the paths whose real path leaves every root.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { confineHost, HostRefusal, nodeFileHost, walkTree } from '../../../src/core/host/index';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'kpw-walk-')));
after(() => rmSync(root, { recursive: true, force: true }));

function tree(name: string, depth: number, perDir: number): string {
  const top = join(root, name);
  let dir = top;
  for (let d = 0; d <= depth; d++) {
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < perDir; i++) writeFileSync(join(dir, `f${i}.h`), '');
    dir = join(dir, `d${d}`);
  }
  return top;
}

const CASES: {
  name: string;
  depth: number;
  perDir: number;
  maxDepth: number;
  maxFiles: number;
  files: number;
  truncated: boolean;
}[] = [
  { name: 'small', depth: 2, perDir: 2, maxDepth: 64, maxFiles: 100, files: 6, truncated: false },
  { name: 'too-deep', depth: 6, perDir: 1, maxDepth: 3, maxFiles: 100, files: 4, truncated: true },
  { name: 'too-many', depth: 1, perDir: 5, maxDepth: 64, maxFiles: 3, files: 3, truncated: true },
];

for (const c of CASES) {
  test(`walk ${c.name}: ${c.files} files, truncated=${c.truncated}`, () => {
    const dir = tree(c.name, c.depth, c.perDir);
    const r = walkTree(nodeFileHost, dir, (n) => n.endsWith('.h'), {
      maxDepth: c.maxDepth,
      maxFiles: c.maxFiles,
    });
    assert.equal(r.files.length, c.files);
    assert.equal(r.truncated, c.truncated);
    if (c.truncated) assert.match(r.problems.map((p) => p.message).join('\n'), /the walk stopped/);
  });
}

test('a link to a file inside the tree is listed once (by its real path), a link out is a problem', () => {
  const dir = tree('links', 0, 1);
  symlinkSync(join(dir, 'f0.h'), join(dir, 'alias.h'));
  symlinkSync('/etc/hostname', join(dir, 'out.h'));
  const r = walkTree(nodeFileHost, dir, (n) => n.endsWith('.h'));
  assert.equal(r.files.length, 1);
  assert.deepEqual(
    r.problems.map((p) => p.path),
    [join(dir, 'out.h')],
  );
});

test('confineHost: inside roots read, outside refused with a HostRefusal naming the path', () => {
  const dir = tree('confine', 0, 1);
  writeFileSync(join(root, 'secret.h'), 'secret');
  symlinkSync(join(root, 'secret.h'), join(dir, 'link.h'));
  const host = confineHost(nodeFileHost, [dir]);
  assert.equal(host.readFile(join(dir, 'f0.h')), '');
  assert.equal(host.readFile(join(dir, 'missing.h')), undefined);
  assert.throws(
    () => host.readFile(join(dir, 'link.h')),
    (e) => e instanceof HostRefusal && e.reason === 'outside-root' && e.message.includes(join(dir, 'link.h')),
  );
  assert.throws(() => host.readFile(join(dir, '..', 'secret.h')), HostRefusal);
});
