// Differential layout tests: every C fixture laid out by our engine on every
// ABI must match GCC's answer stored next to it, and (when the cross
// compilers are installed) the stored answer must still match GCC.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  engineTypes,
  expectedFor,
  listFixtures,
  loadFixture,
  readExpected,
  writeExpected,
} from './helpers/fixtures';
import { probeTypes, type ProbeType } from './helpers/gcc-probe';
import { missingMessage } from '../abi/helpers/toolchain';
import { initParser } from '../../../src/core/parser/index';

const UPDATE = process.env.KPW_UPDATE_EXPECTED === '1';

/** `struct key` / `union key` when the fixture defines that tag, else key is a typedef name. */
function spellingIn(text: string, key: string): string {
  const m = new RegExp(`\\b(struct|union)\\s+${key}\\s*\\{`).exec(text);
  return m ? `${m[1]} ${key}` : key;
}

before(() => initParser());

for (const file of listFixtures()) {
  const fx = loadFixture(file);
  describe(`layout fixture ${file}`, () => {
    let expected: ReturnType<typeof readExpected>;
    before(() => {
      if (UPDATE) update();
      expected = readExpected(fx);
    });

    function update(): void {
      const perAbi = new Map<string, Record<string, ProbeType>>();
      for (const abi of fx.abis) {
        const r = probeTypes(abi, fx.text, fx.requests);
        if (!r) throw new Error(missingMessage(abi));
        if (!r.ok) throw new Error(`${abi.name}: ${r.error}`);
        perAbi.set(abi.name, r.types);
      }
      writeExpected(fx, perAbi);
    }

    for (const abi of fx.abis) {
      test(`engine agrees with gcc on ${abi.name}`, (t) => {
        const want = expected && expectedFor(expected, abi.name);
        assert.ok(want, `no expectations for ${abi.name}: run with KPW_UPDATE_EXPECTED=1`);
        const got = engineTypes(fx, abi);
        const lost = Object.keys(want).filter((name) => !fx.env.findRecord(name));
        assert.deepEqual(lost, [], `the parser returned no definition for these types of ${file}`);
        for (const [name, w] of Object.entries(want)) assert.deepEqual(got[name], w, `${abi.name} ${name}`);
        t.diagnostic(`${abi.name}: ${Object.keys(want).length} types agree`);
      });
    }

    test('stored expectations still match gcc', (t) => {
      // Requests come from the stored file, not the parser, so this checks the data alone.
      const keys = Object.keys(expected?.groups[0]?.types ?? {});
      const requests = keys.map((key) => ({ key, spelling: spellingIn(fx.text, key) }));
      for (const abi of fx.abis) {
        const r = probeTypes(abi, fx.text, requests);
        if (!r) {
          t.diagnostic(missingMessage(abi));
          continue;
        }
        assert.ok(r.ok, r.ok ? '' : r.error);
        assert.deepEqual(r.types, expected && expectedFor(expected, abi.name), `${file} on ${abi.name}`);
      }
    });
  });
}
