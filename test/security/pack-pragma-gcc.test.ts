// Issue 15, second round, class 6: `#pragma pack` in every form GCC reads or rejects,
// generated as random sequences (seeded) and laid out by kpw and by the host gcc
// (x86_64). Before: `pack(pop, 2)`, `pack(push, 1, id)`, `pack(0)`, `pack(0x1)`,
// `pack(1, 2)`, `push, 3`, a `pop, id` without its push and `_Pragma("pack(1)")`
// each gave another size than gcc, without a word.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { after, test } from 'node:test';
import { main } from '../../src/cli/main';

const HAVE_GCC = process.arch === 'x64' && spawnSync('gcc', ['--version']).status === 0;
const skip = !HAVE_GCC && process.env.CI !== 'true' ? 'needs gcc on x86_64 as the oracle' : false;
const tmp = mkdtempSync(join(tmpdir(), 'kpw-pack-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Pack pragma forms: valid ones and the malformed ones GCC ignores. */
const FORMS = [
  'pack()',
  'pack(0)',
  'pack(1)',
  'pack(2)',
  'pack(4)',
  'pack(16)',
  'pack(0x2)',
  'pack(3)',
  'pack(1, 2)',
  'pack(show)',
  'pack(push)',
  'pack(push, 1)',
  'pack(push, 2)',
  'pack(push, r1)',
  'pack(push, r1, 1)',
  'pack(push, 2, r2)',
  'pack(push, 3)',
  'pack(push, a, b)',
  'pack(pop)',
  'pack(pop, r1)',
  'pack(pop, r2)',
  'pack(pop, 2)',
  'pack(pop, nope)',
];

/** xorshift32, so a failure names a reproducible case. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function sequence(seed: number): string {
  const r = rng(seed);
  const lines: string[] = [];
  for (let i = 0, n = 1 + Math.floor(r() * 6); i < n; i++) {
    const form = FORMS[Math.floor(r() * FORMS.length)];
    lines.push(r() < 0.2 ? `_Pragma("${form}")` : `#pragma ${form}`);
  }
  return `${lines.join('\n')}\nstruct s { char c; int i; long long l; short h; };\n`;
}

function gccSize(header: string): string {
  const c = join(tmp, 'probe.c');
  const exe = join(tmp, 'probe');
  writeFileSync(
    c,
    `#include "${header}"\n#include <stdio.h>\nint main(void) { printf("%zu %zu", sizeof(struct s), _Alignof(struct s)); return 0; }\n`,
  );
  const cc = spawnSync('gcc', ['-w', '-o', exe, c], { encoding: 'utf8' });
  assert.equal(cc.status, 0, cc.stderr);
  return spawnSync(exe, { encoding: 'utf8' }).stdout;
}

async function kpwSize(header: string): Promise<string> {
  let out = '';
  await main(['layout', '--json', '--abi', 'x86_64', header], {
    stdout: (t) => (out += t),
    stderr: () => {},
  });
  const t = JSON.parse(out).types.s as { size: number; align: number };
  return `${t.size} ${t.align}`;
}

test('kpw lays out every generated #pragma pack sequence as gcc does', { skip }, async () => {
  const wrong: string[] = [];
  for (let seed = 1; seed <= 80; seed++) {
    const text = sequence(seed);
    const header = join(tmp, `case${seed}.h`);
    writeFileSync(header, text);
    const [gcc, kpw] = [gccSize(header), await kpwSize(header)];
    if (gcc !== kpw) wrong.push(`seed ${seed}: gcc ${gcc}, kpw ${kpw}\n${text}`);
  }
  assert.deepEqual(wrong, []);
});

test('the generator covers every form (the test can fail for each)', () => {
  const all = Array.from({ length: 80 }, (_, k) => sequence(k + 1)).join('\n');
  for (const form of FORMS) assert.ok(all.includes(form), form);
});
