// The #define values of a model share one expansion budget. A hover (get) while the check phase's
// sliced evaluation (evaluateSteps) was paused inside a value began that value again and charged
// the budget twice, and a hover of a later value charged it out of order: later values could then
// differ from `kpw check`'s (issue 15). Generated: every shape of test/fuzz/gen/define-shapes.ts,
// paused at spread points, a get() of the paused value, a later one or the last in between; the
// values must equal those of a model evaluated at once in order, whatever the interleaving.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAbi } from '../../../src/core/abi/index';
import type { AbiSpec } from '../../../src/core/abi/types';
import { modelHeaders, type HeaderModel } from '../../../src/core/api/index';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import { defineShapes } from '../../fuzz/gen/define-shapes';

const ABI = getAbi('x86_64') as AbiSpec;

const values = (m: HeaderModel) => m.defines.all().map(({ name, value, error }) => ({ name, value, error }));

/** Which value a hover asks for, given the names and the checkpoints passed so far. */
const PICKS: [string, (names: string[], k: number) => string][] = [
  ['a value near the pause', (names, k) => names[Math.min(names.length - 1, k % names.length)]],
  ['the last value', (names) => names[names.length - 1]],
  ['the first value', (names) => names[0]],
];

for (const shape of defineShapes()) {
  test(`#define values do not depend on when a hover asks: ${shape.name}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpw-define-interleave-'));
    try {
      const file = join(dir, `${shape.name}.h`);
      writeFileSync(file, shape.text);
      const model = () =>
        modelHeaders({ files: [file], abis: [ABI], host: nodeFileHost, caches: new Map() })[0];
      const expected = values(model());
      const first = model();
      let total = 0;
      for (const steps = first.defines.evaluateSteps(); !steps.next().done;) total++;
      for (const [how, pick] of PICKS) {
        for (let j = 1; j <= 3; j++) {
          const m = model();
          const names = m.defines.names();
          const pause = Math.floor((total * j) / 4);
          const steps = m.defines.evaluateSteps();
          for (let k = 0; k < pause; k++) steps.next();
          const asked = pick(names, pause);
          m.defines.get(asked);
          while (!steps.next().done);
          assert.deepEqual(
            values(m),
            expected,
            `${how} (${asked}) asked after ${pause} of ${total} checkpoints`,
          );
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
