// Deterministic replay for `npm test`: every saved fuzz finding
// (test/fixtures/fuzz-regressions/<target>/) and every seed of every target
// must pass the target's invariants, plus a short fixed-seed mutation run.

import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, test } from 'node:test';
import { mutate, Rng } from './engine/mutate';
import { regressionInputs } from './regressions';
import { TARGETS } from './targets/index';

/** Mutants per target in the fixed-seed run (the budgeted run is `npm run fuzz`). */
const MUTANTS = 40;
/** Generous: a hang detector, not a speed assertion. */
const TIMEOUT_MS = 300_000;

async function attempt(run: () => Promise<void> | void, what: string): Promise<void> {
  try {
    await run();
  } catch (err) {
    assert.fail(`${what}: ${(err as Error)?.stack ?? String(err)}`);
  }
}

for (const target of TARGETS) {
  describe(`fuzz target ${target.name}`, { timeout: TIMEOUT_MS }, () => {
    let ready: Promise<void> | undefined;
    const setup = () => (ready ??= Promise.resolve(target.setup?.()));

    for (const r of regressionInputs(target.name)) {
      test(`regression ${basename(r.file)}`, async () => {
        await setup();
        await attempt(() => target.run(r.input), r.file);
      });
    }

    test('every seed passes the invariants', async () => {
      await setup();
      const seeds = await target.seeds();
      assert.ok(seeds.length > 0 || target.name === 'probe', 'the target has seeds');
      for (const [i, s] of seeds.entries())
        await attempt(
          () => target.run(s.slice(0, target.maxLength)),
          `seed ${i}: ${JSON.stringify(s.slice(0, 80))}`,
        );
    });

    test(`${MUTANTS} fixed-seed mutants pass the invariants`, async () => {
      await setup();
      const corpus = (await target.seeds()).map((s) => s.slice(0, target.maxLength));
      const rng = new Rng(20240917);
      const ctx = { corpus, dictionary: target.dictionary, maxLength: target.maxLength };
      for (let i = 0; i < MUTANTS; i++) {
        const input = mutate(rng.pick(corpus) ?? '', rng, ctx);
        await attempt(() => target.run(input), `mutant ${i}: ${JSON.stringify(input.slice(0, 200))}`);
      }
    });
  });
}
