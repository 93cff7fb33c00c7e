// Every per-record check (uapi-*) pauses every RECORDS_PER_STEP records: a header of thousands of
// small structs (a patch creating a 1 MB one-line header has 16,000) was one long step per check,
// since a count of members restarted with each record never reached a checkpoint. Generated headers
// of many small random structs; per check the checkpoints are counted (never timed) and the findings
// must equal the union of the check's findings on each struct alone (the struct on the same line).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getAbi } from '../../../src/core/abi/index';
import type { AbiSpec } from '../../../src/core/abi/types';
import { CHECKS } from '../../../src/core/checks/registry';
import { runCheckSteps } from '../../../src/core/checks/run';
import type { CheckContext } from '../../../src/core/checks/types';
import type { Diagnostic } from '../../../src/core/diag/diagnostic';
import { RECORDS_PER_STEP } from '../../../src/core/analysis/records';
import { buildHeaderModel } from '../../../src/core/model/header-model';
import { INPUT_FILE, inputHost } from '../../fuzz/targets/header';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MEMBERS = [
  (i: number) => `char c${i};`,
  (i: number) => `unsigned int w${i};`,
  (i: number) => `__u64 q${i};`,
  (i: number) => `unsigned long long l${i};`,
  (i: number) => `unsigned int b${i} : 5;`,
  (_i: number) => `__u32 version;`,
  (i: number) => `long n${i};`,
];

/** One small struct per line: 1-4 random members. */
function smallStructs(seed: number, count: number): string[] {
  const rnd = prng(seed);
  return Array.from({ length: count }, (_, s) => {
    const n = 1 + Math.floor(rnd() * 4);
    const members = Array.from({ length: n }, (_, m) => MEMBERS[Math.floor(rnd() * MEMBERS.length)](m));
    return `struct s${s} { ${[...new Set(members)].join(' ')} };`;
  });
}

const PRELUDE = 'typedef unsigned int __u32;\ntypedef unsigned long long __u64;\n';
const ABIS = ['x86_64', 'i386'].map((n) => getAbi(n) as AbiSpec);
const STEPPED = CHECKS.filter((c) => c.steps && c.id.startsWith('uapi-'));

async function contextOf(text: string): Promise<CheckContext> {
  const host = inputHost(text);
  const models = [];
  for (const abi of ABIS) models.push(await buildHeaderModel({ files: [INPUT_FILE], abi, host }));
  return { models, files: [INPUT_FILE], workspace: { host } };
}

test('the per-record checks are steps', () => {
  const ids = STEPPED.map((c) => c.id);
  for (const id of [
    'uapi-implicit-hole',
    'uapi-trailing-padding',
    'uapi-abi-divergent-layout',
    'uapi-bitfield',
  ])
    assert.ok(ids.includes(id), `${id} has steps`);
});

for (const seed of [1, 2]) {
  test(`per-record checks over ${5 * RECORDS_PER_STEP + 3} small structs (seed ${seed}) pause and find what each struct alone gives`, async () => {
    const structs = smallStructs(seed, 5 * RECORDS_PER_STEP + 3);
    const ctx = await contextOf(PRELUDE + structs.join('\n') + '\n');
    for (const check of STEPPED) {
      const steps = runCheckSteps(ctx, { only: [check.id] });
      let yields = 0;
      let r = steps.next();
      for (; !r.done; r = steps.next()) yields++;
      const found: Diagnostic[] = r.value;
      assert.ok(
        yields >= Math.floor(structs.length / RECORDS_PER_STEP),
        `${check.id}: ${yields} checkpoints for ${structs.length} records`,
      );
      assert.ok(found.length > 0 || check.id === 'uapi-version-without-policy', `${check.id} found nothing`);
      // The oracle: every 16th struct alone, on its own line (blank lines before it).
      for (let i = 0; i < structs.length; i += 16) {
        const alone = await contextOf(PRELUDE + '\n'.repeat(i) + structs[i] + '\n');
        const expected = check.run(alone);
        const line = i + 2;
        const got = found.filter((d) => d.range.start.line === line && d.code === check.id);
        assert.deepEqual(
          got,
          expected.filter((d) => d.code === check.id),
          `${check.id} on struct ${i}`,
        );
      }
    }
  });
}
