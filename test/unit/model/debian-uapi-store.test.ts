// Debian's linux-libc-dev 6.12 and later keeps the UAPI headers under /usr/lib/linux/uapi and
// links them into /usr/include/<multiarch>/asm. Confinement (src/core/host) must count that
// store as part of the installed include tree, or every asm/ include of such a tree is refused
// (the abidiff oracle's linux-libc-dev 7.3 was). A link out of the tree stays refused.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { getAbi } from '../../../src/core/abi/index';
import { buildHeaderModel } from '../../../src/core/model/header-model';

function tree(linkTarget: (root: string) => string): { root: string; header: string } {
  const root = mkdtempSync(join(tmpdir(), 'kpw-uapi-store-'));
  const inc = join(root, 'usr', 'include');
  mkdirSync(join(inc, 'linux'), { recursive: true });
  mkdirSync(join(inc, 'x86_64-linux-gnu', 'asm'), { recursive: true });
  const store = join(root, 'usr', 'lib', 'linux', 'uapi', 'x86', 'asm');
  mkdirSync(store, { recursive: true });
  writeFileSync(join(store, 'sizes.h'), 'typedef unsigned long long __kpw_u64;\n');
  const outside = mkdtempSync(join(tmpdir(), 'kpw-uapi-outside-'));
  writeFileSync(join(outside, 'sizes.h'), 'typedef unsigned long long __kpw_u64;\n');
  symlinkSync(
    linkTarget(root) === 'outside' ? join(outside, 'sizes.h') : join(store, 'sizes.h'),
    join(inc, 'x86_64-linux-gnu', 'asm', 'sizes.h'),
  );
  const header = join(inc, 'linux', 'uses-asm.h');
  writeFileSync(header, '#include <asm/sizes.h>\nstruct s { __kpw_u64 a; char b; };\n');
  return { root, header };
}

test('asm headers linked from the /usr/lib/linux/uapi store are read; the struct lays out', async () => {
  const { root, header } = tree(() => 'store');
  try {
    const model = await buildHeaderModel({ files: [header], abi: getAbi('x86_64')! });
    assert.deepEqual(
      model.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    assert.equal(model.record('s')?.size, 16);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the checker can fail: a link from the same place to a file outside the tree is refused', async () => {
  const { root, header } = tree(() => 'outside');
  try {
    const model = await buildHeaderModel({ files: [header], abi: getAbi('x86_64')! });
    assert.ok(
      model.diagnostics.some((d) => /outside/.test(d.message)),
      model.diagnostics.map((d) => d.message).join('\n'),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
