// Generates UAPI headers and mutates them the ways a patch changes an ABI, then
// checks the compat-* classification holds for every generated case: identity is
// quiet, an append to an argsz struct is an extension, an insertion at the front,
// a rename and a renumbered #define are breaks. Seeded, so a failure reproduces.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFiles } from '../../src/core/checks/run';
import { COMPAT_CODES } from '../../src/core/checks/compat-registry';
import { nodeFileHost } from '../../src/core/host/node-file-host';
import type { FileHost } from '../../src/core/host/types';
import { textOverDisk } from '../../src/core/host/text-over';

const FILE = '/kpw-fuzz/include/uapi/linux/kpw_fuzz.h';
const TYPES = ['__u8', '__u16', '__u32', '__aligned_u64'];
const CASES = Number(process.env.KPW_FUZZ_CASES ?? 25);

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

interface Gen {
  members: [string, string][];
  argsz: boolean;
  value: number;
}

function generate(r: () => number): Gen {
  const n = 1 + Math.floor(r() * 5);
  const members: [string, string][] = [];
  for (let i = 0; i < n; i++) members.push([TYPES[Math.floor(r() * TYPES.length)], `m${i}`]);
  return { members, argsz: r() < 0.5, value: Math.floor(r() * 100) };
}

function render(g: Gen): string {
  const head = g.argsz ? ['\t__u32 argsz;', '\t__u32 flags;'] : [];
  const body = g.members.map(([t, n]) => `\t${t} ${n};`);
  return `#include <linux/types.h>\n\nstruct kpw_fuzz {\n${[...head, ...body].join('\n')}\n};\n\n#define KPW_FUZZ_FEATURE ${g.value}\n`;
}

function host(text: string): FileHost {
  // The generated header over the disk, every host question forwarded (the include plan needs stat).
  return textOverDisk(FILE, text, nodeFileHost);
}

async function compatCodes(before: string, after: string): Promise<string[]> {
  const found = await checkFiles({
    files: [FILE],
    abis: ['x86_64', 'i386'],
    forceUapi: true,
    host: host(after),
    before: { host: host(before) },
    codes: { only: [...COMPAT_CODES] },
  });
  return found
    .filter((d) => COMPAT_CODES.includes(d.code))
    .map((d) => d.code)
    .sort();
}

const mutations: { name: string; apply: (g: Gen) => Gen | undefined; holds: (codes: string[]) => boolean }[] =
  [
    { name: 'identity is quiet', apply: (g) => g, holds: (c) => c.length === 0 },
    {
      name: 'appending to an argsz struct is a compatible extension',
      apply: (g) => (g.argsz ? { ...g, members: [...g.members, ['__aligned_u64', 'added']] } : undefined),
      holds: (c) =>
        c.includes('compat-extension') &&
        !c.includes('compat-layout-changed') &&
        !c.includes('compat-member-changed'),
    },
    {
      name: 'appending to a struct without a size member changes its size: a break',
      apply: (g) =>
        g.argsz ? undefined : { ...g, members: [...g.members, ['__u32', 'added'], ['__u32', 'added_pad']] },
      holds: (c) => c.includes('compat-layout-changed'),
    },
    {
      name: 'inserting a member at the front is a break',
      apply: (g) => ({ ...g, argsz: false, members: [['__u32', 'front'], ...g.members] }),
      holds: (c) => c.includes('compat-member-changed') || c.includes('compat-layout-changed'),
    },
    {
      name: 'renaming a member is reported',
      apply: (g) => ({ ...g, members: g.members.map(([t, n], i) => [t, i === 0 ? `${n}_renamed` : n]) }),
      holds: (c) => c.includes('compat-member-changed'),
    },
    {
      name: 'a renumbered #define is a break',
      apply: (g) => ({ ...g, value: g.value + 1 }),
      holds: (c) => c.includes('compat-number-changed'),
    },
  ];

for (const m of mutations) {
  test(`compat mutations: ${m.name} (${CASES} generated headers)`, async () => {
    let tried = 0;
    for (let seed = 1; seed <= CASES * 3 && tried < CASES; seed++) {
      const g = generate(rng(seed));
      const mutated = m.apply(g);
      if (!mutated) continue;
      tried++;
      const codes = await compatCodes(render(g), render(mutated));
      assert.ok(
        m.holds(codes),
        `seed ${seed}: ${JSON.stringify(codes)}\n--- before\n${render(g)}--- after\n${render(mutated)}`,
      );
    }
    assert.ok(tried > 0, 'the generator produced no case for this mutation');
  });
}

test('the checker can fail: a property that cannot hold is caught', async () => {
  const g = generate(rng(7));
  const codes = await compatCodes(render(g), render({ ...g, value: g.value + 1 }));
  assert.equal(mutations[0].holds(codes), false);
});
