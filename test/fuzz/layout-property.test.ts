// Property: on random valid record declarations, on all 7 ABIs, the layout
// engine never reports overlapping struct members, a member or hole past the
// record's size, or a union member off its start, and reports no errors.
// Fixed seeds: a failure names the seed, and the header is printed.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ABIS } from '../../src/core/abi/index';
import { buildHeaderModel } from '../../src/core/model/header-model';
import { randomHeader } from './gen/random-struct';
import { checkRecordLayout } from './invariants/layout';
import { INPUT_FILE, inputHost } from './targets/header';

const SEEDS = Array.from({ length: 40 }, (_, i) => 1000 + i);

describe('layout properties on random records, every ABI', () => {
  for (const seed of SEEDS) {
    test(`seed ${seed}`, async () => {
      const text = randomHeader(seed);
      for (const abi of ABIS) {
        const host = inputHost(text);
        const model = await buildHeaderModel({ files: [INPUT_FILE], abi, host });
        const errors = model.diagnostics.filter((d) => d.severity === 'error');
        assert.deepEqual(
          errors.map((d) => `${d.range.start.line + 1}: ${d.message}`),
          [],
          `${abi.name}, seed ${seed}:\n${text}`,
        );
        const records = model.allRecords();
        assert.ok(records.length >= 4, `${abi.name}: every record is laid out`);
        for (const r of records) {
          try {
            checkRecordLayout(r);
          } catch (err) {
            assert.fail(`${(err as Error).message}\nseed ${seed}:\n${text}`);
          }
        }
      }
    });
  }
});
