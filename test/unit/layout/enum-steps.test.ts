// A huge enum's values were evaluated in ONE step of the build (issue 15): 100,000 enumerators
// each `= PREV + 1`. Now the build computes every enum of thousands of enumerators in steps
// (LayoutContext.enumInfoSteps, RecordIndex.enumsSteps). ORDER: no step of the build evaluates more
// than a bound of enumerator values (counted by wrapping evalInt, no timer); PARITY: the values,
// diagnostics and layouts equal an evaluation at once; an interleaved caller gets the same answer.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAbi } from '../../../src/core/abi/index';
import type { AbiSpec } from '../../../src/core/abi/types';
import { modelHeaders, modelHeaderSteps, type HeaderModel } from '../../../src/core/api/index';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import { LayoutContext } from '../../../src/core/layout/layout-context';
import { layoutContext } from '../../../src/core/layout/index';
import { CHECKPOINT_EVERY, runSync } from '../../../src/core/steps';
import { enumShapes } from '../../fuzz/gen/single-step-shapes';

const ABIS = ['x86_64', 'i386'].map((n) => getAbi(n) as AbiSpec);
const N = 12 * CHECKPOINT_EVERY;

let evaluated = 0;
const evalInt = LayoutContext.prototype.evalInt;
LayoutContext.prototype.evalInt = function (this: LayoutContext, e) {
  evaluated++;
  return evalInt.call(this, e);
};

/** Every enum's values on every ABI, computed by a fresh context (at once, no steps). */
function values(models: HeaderModel[], fresh: boolean): unknown {
  return models.map((m) => {
    const ctx = fresh ? new LayoutContext(m.typeEnv, m.abi) : layoutContextOf(m);
    return m.typeEnv.allEnums().map((d) => ctx.enumInfo(d));
  });
}

const layoutContextOf = (m: HeaderModel) => layoutContext(m.typeEnv, m.abi);

test('the shapes are generated', () => assert.equal(enumShapes(N).length, 4));

for (const shape of enumShapes(N)) {
  test(`a huge enum's values are evaluated in steps, equal to at once: ${shape.name}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpw-enum-steps-'));
    try {
      const file = join(dir, 'e.h');
      writeFileSync(file, shape.text);
      const options = { files: [file], abis: ABIS, host: nodeFileHost, caches: new Map() };
      const steps = modelHeaderSteps(options);
      let maxStep = 0;
      let models: HeaderModel[];
      for (let at = evaluated; ; at = evaluated) {
        const r = steps.next();
        maxStep = Math.max(maxStep, evaluated - at);
        if (r.done) {
          models = r.value;
          break;
        }
      }
      assert.ok(maxStep <= 2 * CHECKPOINT_EVERY, `${maxStep} enumerator values evaluated in one step`);
      const atOnce = modelHeaders({ ...options, caches: new Map() });
      assert.deepEqual(
        models.map((m) => [m.diagnostics, m.allRecords()]),
        atOnce.map((m) => [m.diagnostics, m.allRecords()]),
      );
      assert.deepEqual(values(models, false), values(atOnce, true));
      if (shape.valid) assert.deepEqual(models[0].diagnostics, []);
      else assert.match(models[0].diagnostics.map((d) => d.message).join('\n'), /gcc rejects this enum/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a caller that asks for a huge enum while its steps are paused gets the same answer as the steps', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-enum-steps-'));
  try {
    const file = join(dir, 'e.h');
    writeFileSync(file, enumShapes(N)[2].text);
    const [model] = modelHeaders({
      files: [file],
      abis: ABIS.slice(0, 1),
      host: nodeFileHost,
      caches: new Map(),
    });
    const decls = model.typeEnv.allEnums();
    const alone = decls.map((d) => new LayoutContext(model.typeEnv, model.abi).enumInfo(d));
    for (const [k, decl] of decls.entries()) {
      const ctx = new LayoutContext(model.typeEnv, model.abi);
      const steps = ctx.enumInfoSteps(decl);
      steps.next();
      steps.next(); // paused after two chunks
      const meanwhile = ctx.enumInfo(decl);
      const stepped = runSync(steps);
      assert.deepEqual(meanwhile, alone[k]);
      assert.equal(stepped, meanwhile, 'the steps take the answer computed meanwhile');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
