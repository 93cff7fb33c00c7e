// A function-like macro invoked with a huge argument list was collected, substituted and copied in
// ONE step (issue 15), in the text (the preprocessor ran each invocation at once) and in #define
// values. Now the arguments are read CHECKPOINT_EVERY tokens at a time (ArgCollector), a text
// invocation runs in the expander's steps and arguments are copied in steps. ORDER: no step reads
// more than a bound of tokens from the expander's input (counted by wrapping Reader, no timer);
// PARITY: the models and #define values equal the build run at once (runSync).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAbi } from '../../../src/core/abi/index';
import type { AbiSpec } from '../../../src/core/abi/types';
import { modelHeaders, modelHeaderSteps, type HeaderModel } from '../../../src/core/api/index';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import { tokensRead } from './count-reads';
import { CHECKPOINT_EVERY } from '../../../src/core/steps';
import { macroArgShapes } from '../../fuzz/gen/single-step-shapes';

const ABIS = ['x86_64', 'i386'].map((n) => getAbi(n) as AbiSpec);
const N = 40 * CHECKPOINT_EVERY;
const MAX_READ_PER_STEP = 4 * CHECKPOINT_EVERY;

/** Runs steps to the end; the most tokens read in one step. */
function stepped<T>(steps: Generator<void, T, void>): { value: T; maxStep: number } {
  let maxStep = 0;
  for (let at = tokensRead(); ; at = tokensRead()) {
    const r = steps.next();
    maxStep = Math.max(maxStep, tokensRead() - at);
    if (r.done) return { value: r.value, maxStep };
  }
}

const view = (models: HeaderModel[]) =>
  models.map((m) => ({
    text: m.unit.text,
    diagnostics: m.diagnostics,
    records: m.allRecords(),
    defines: m.defines.all().map(({ name, value, error }) => ({ name, value, error })),
  }));

for (const shape of macroArgShapes(N)) {
  test(`a huge macro argument list is read in steps, same model: ${shape.name}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpw-macro-args-'));
    try {
      const file = join(dir, 'm.h');
      writeFileSync(file, shape.text);
      const options = () => ({ files: [file], abis: ABIS, host: nodeFileHost, caches: new Map() });
      const build = stepped(modelHeaderSteps(options()));
      let maxStep = build.maxStep;
      for (const m of build.value) maxStep = Math.max(maxStep, stepped(m.defines.evaluateSteps()).maxStep);
      assert.ok(maxStep <= MAX_READ_PER_STEP, `${maxStep} tokens read in one step`);
      const atOnce = modelHeaders(options());
      assert.deepEqual(view(build.value), view(atOnce));
      const said = build.value[0].diagnostics.map((d) => d.message).join('\n');
      if (shape.valid) assert.equal(said, '');
      else assert.match(said, /unterminated argument list invoking macro 'FIRST'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
