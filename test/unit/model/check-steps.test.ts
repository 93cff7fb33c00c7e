// The check phase pauses between the #define values it evaluates (issue 15, item 5): a deep
// #define chain (each naming the one before) is one resumable step per define, not one long
// check. Proven by counting checkpoints, never by time; the values are those all() gives.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAbi } from '../../../src/core/abi/index';
import type { AbiSpec } from '../../../src/core/abi/types';
import { analyzeHeaderModelSteps, modelFamilies, modelHeaders } from '../../../src/core/api/index';
import { modelFamiliesSteps } from '../../../src/core/analysis/model-families';
import { CHECKPOINT_EVERY } from '../../../src/core/steps';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import { slowHeaders } from '../../fuzz/gen/slow-headers';

const ABIS = ['x86_64', 'i386'].map((n) => getAbi(n) as AbiSpec);

/** The checkpoints of a generator run to its end. */
function countSteps<T>(steps: Generator<void, T, void>): { value: T; steps: number } {
  for (let n = 0; ; n++) {
    const r = steps.next();
    if (r.done) return { value: r.value, steps: n };
  }
}

test('the checks of a deep #define chain pause at least once per define, with the values all() gives', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-check-steps-'));
  try {
    const header = slowHeaders(dir).find((h) => h.name === 'deep-define')!;
    const depth = header.text.split('\n').filter((l) => l.startsWith('#define')).length;
    const options = () => ({ files: [header.path], abis: ABIS, host: nodeFileHost, caches: new Map() });
    const models = modelHeaders(options());
    const checked = countSteps(analyzeHeaderModelSteps(models, { files: [header.path], host: nodeFileHost }));
    assert.ok(checked.steps >= depth, `${checked.steps} checkpoints for ${depth} defines`);
    // A fresh model evaluated by all() alone (no steps before) gives the same values.
    const fresh = modelHeaders(options())[0].defines.all();
    const stepped = models[0].defines.all();
    assert.equal(stepped.length, depth);
    assert.deepEqual(
      stepped.map((v) => [v.name, v.value, v.error]),
      fresh.map((v) => [v.name, v.value, v.error]),
    );
    assert.ok(
      stepped.some((v) => v.value !== undefined),
      'some values are numbers',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the number families of 16,000 structs are found in steps, equal to those found at once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-family-steps-'));
  try {
    const structs = slowHeaders(dir, 4).find((h) => h.name === 'many-structs')!;
    const defines = Array.from({ length: 40 }, (_, i) => `#define FAM_CMD_${i} ${i}`).join('\n');
    writeFileSync(structs.path, `${defines}\n${structs.text}`);
    const options = () => ({ files: [structs.path], abis: ABIS, host: nodeFileHost, caches: new Map() });
    const [model] = modelHeaders(options());
    const records = model.typeEnv.allRecords().length;
    const stepped = countSteps(modelFamiliesSteps(model));
    // A checkpoint per CHECKPOINT_EVERY records at least (the values' own steps come on top).
    assert.ok(stepped.steps >= records / CHECKPOINT_EVERY, `${stepped.steps} steps for ${records} records`);
    assert.deepEqual(stepped.value, modelFamilies(modelHeaders(options())[0]));
    assert.ok(
      stepped.value.some((f) => f.prefix === 'FAM_CMD_'),
      'the family is found',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
