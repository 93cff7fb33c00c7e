// uapi-implicit-hole over a record of thousands of holes (and uapi-non-fixed-width-type over its
// members) runs as resumable steps (Check.steps,
// driven by runCheckSteps): a checkpoint every CHECKPOINT_EVERY members, holes and findings, so
// a 1 MB struct is not one ~400 ms step. Generated huge structs (random member widths, bitfields,
// nested records, arrays); the findings must name every byte hole of the layouts (an oracle
// independent of the check), equal the sync run's, and the steps be counted, never timed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getAbi } from '../../../src/core/abi/index';
import type { AbiSpec } from '../../../src/core/abi/types';
import { uapiImplicitHole } from '../../../src/core/checks/uapi-implicit-hole';
import { uapiNonFixedWidthType } from '../../../src/core/checks/uapi-non-fixed-width-type';
import { runCheckSteps } from '../../../src/core/checks/run';
import type { CheckContext } from '../../../src/core/checks/types';
import { buildHeaderModel } from '../../../src/core/model/header-model';
import { CHECKPOINT_EVERY } from '../../../src/core/steps';
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

const SHAPES = [
  (i: number) => `char c${i};`,
  (i: number) => `unsigned short h${i};`,
  (i: number) => `unsigned int w${i};`,
  (i: number) => `unsigned long long q${i};`,
  (i: number) => `unsigned char a${i}[3];`,
  (i: number) => `unsigned int b${i} : 5;`,
  (i: number) => `struct { char x; unsigned int y; } s${i};`,
  (i: number) => `union { unsigned short u; char v[3]; } n${i};`,
];

function hugeStruct(seed: number, members: number): string {
  const rnd = prng(seed);
  const lines = Array.from(
    { length: members },
    (_, i) => `\t${SHAPES[Math.floor(rnd() * SHAPES.length)](i)}`,
  );
  return `struct huge {\n${lines.join('\n')}\n};\n`;
}

const ABIS = ['x86_64', 'i386'].map((n) => getAbi(n) as AbiSpec);

for (const seed of [1, 2]) {
  test(`uapi-implicit-hole on a huge struct (seed ${seed}) runs in steps and names every byte hole`, async () => {
    const text = hugeStruct(seed, 6 * CHECKPOINT_EVERY + 5);
    const host = inputHost(text);
    const models = [];
    for (const abi of ABIS) models.push(await buildHeaderModel({ files: [INPUT_FILE], abi, host }));
    const ctx: CheckContext = { models, files: [INPUT_FILE], workspace: { host } };
    const steps = runCheckSteps(ctx, { only: [uapiImplicitHole.id] });
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    const found = r.value;
    assert.deepEqual(found, uapiImplicitHole.run(ctx));
    // The oracle: every byte hole of every ABI's layout is in some finding's message.
    const messages = found.map((d) => d.message).join('\n');
    let holes = 0;
    for (const model of models) {
      const layout = model.allRecords().find((l) => l.name === 'huge');
      assert.ok(layout, 'laid out');
      for (const h of layout.holes.filter((h) => h.size > 0)) {
        holes++;
        assert.ok(
          messages.includes(`${h.size}-byte hole at offset ${h.offset} on`),
          `${model.abi.name}: ${h.size}@${h.offset}`,
        );
      }
    }
    assert.ok(holes > 2 * CHECKPOINT_EVERY, `${holes} holes`);
    assert.ok(found.length > CHECKPOINT_EVERY, `${found.length} findings`);
    assert.ok(yields >= Math.floor(holes / CHECKPOINT_EVERY), `${yields} checkpoints for ${holes} holes`);
  });
}

test('uapi-non-fixed-width-type on a huge struct runs in steps, one finding per int member', async () => {
  const members = 3 * CHECKPOINT_EVERY + 7;
  const text = hugeStruct(3, members);
  const host = inputHost(text);
  const model = await buildHeaderModel({ files: [INPUT_FILE], abi: ABIS[0], host });
  const ctx: CheckContext = { models: [model], files: [INPUT_FILE], workspace: { host } };
  const steps = runCheckSteps(ctx, { only: [uapiNonFixedWidthType.id] });
  let yields = 0;
  let r = steps.next();
  for (; !r.done; r = steps.next()) yields++;
  assert.deepEqual(r.value, uapiNonFixedWidthType.run(ctx));
  // The oracle: the members spelled with int, short or long types (char and arrays of char are fixed).
  const expected = [...text.matchAll(/\bunsigned (int|short|long long) [a-z]+\d+\b/g)].length;
  assert.equal(r.value.length, expected);
  assert.ok(yields >= Math.floor(members / CHECKPOINT_EVERY), `${yields} checkpoints for ${members} members`);
});
