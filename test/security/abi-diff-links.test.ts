// Issue 15, second round, class 1 through `kpw abi-diff OLD NEW`: the header at a path
// OLD has may be, in NEW (or in OLD itself), any hostile link shape of hostile-fs.ts.
// Before, NEW's `pw.h -> /etc/passwd` was read and parsed as the new header, and OLD's
// links out were skipped without a word. Each is now refused by name; nothing of
// the outside (the lab's secret) reaches the output, and the run never crashes.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../../src/cli/main';
import { layouts, makeLab, plant, SECRET, DIR_SHAPES, type Lab } from './hostile-fs';

let lab: Lab;
let oldTree: string;
const names: string[] = [];

before(() => {
  lab = makeLab();
  oldTree = join(lab.root, 'old');
  for (const l of layouts()) {
    if (DIR_SHAPES.has(l.shape)) continue;
    const rel = `${l.depth}${l.shape}.h`;
    names.push(rel);
    mkdirSync(join(oldTree, l.depth), { recursive: true });
    writeFileSync(join(oldTree, rel), `struct s_${l.shape.replace(/-/g, '_')} { int a; };\n`);
    plant(lab, rel, l.shape); // in NEW: the same path is the hostile shape
    plant({ ...lab, tree: oldTree }, `${l.depth}old-${l.shape}.h`, l.shape); // and OLD has one too
  }
});
after(() => lab?.cleanup());

test('kpw abi-diff: every link shape in NEW or OLD is refused by name, nothing outside is read', async () => {
  let out = '';
  const code = await main(['abi-diff', '--abi', 'x86_64', oldTree, lab.tree], {
    stdout: (t) => (out += `${t}\n`),
    stderr: (t) => (out += `${t}\n`),
  });
  assert.notEqual(code, 4, out);
  assert.ok(!out.includes(SECRET), out.slice(0, 2000));
  for (const rel of names) {
    const line = out.split('\n').find((l) => l.includes(join(lab.tree, rel)) || l.includes(`/${rel}:`));
    assert.ok(line, `${rel}: not mentioned\n${out.slice(0, 3000)}`);
    assert.match(line, /file-unreadable|compat-removed|not a regular file|FIFO|device/, `${rel}: ${line}`);
  }
  for (const l of layouts()) {
    if (DIR_SHAPES.has(l.shape)) continue;
    const rel = `${l.depth}old-${l.shape}.h`;
    assert.ok(out.includes(rel), `OLD's ${rel} skipped without a word\n${out.slice(0, 3000)}`);
  }
});
