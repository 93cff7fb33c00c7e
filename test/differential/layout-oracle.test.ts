// Differential test: our layout engine against gcc for every struct and union
// of the installed UAPI headers, on each ABI (Debian cross compilers, DWARF
// and _Alignof; nothing is executed). See test/differential/README.md.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ORACLE_ABIS } from './oracle/abis';
import { formatDifference } from './oracle/compare';
import { compareAbi, failureText, oracleRow, summarize } from './oracle/compare-abi';
import { loadKnownDifferences } from './oracle/known-differences';
import { measureAbi } from './oracle/measure';
import { loadModelApi } from './oracle/model-api';
import { formatTable, type AbiRow } from './oracle/report';

const known = loadKnownDifferences();
const rows: AbiRow[] = [];
/** Known entries that matched something, and the ABIs actually compared (for staleness). */
const usedKnown = new Set<number>();
const comparedAbis = new Set<string>();

test('known-differences.json is well formed', () => {
  assert.deepEqual(known.problems, []);
});

for (const abi of ORACLE_ABIS) {
  test(`layouts agree with gcc on ${abi.name}`, async (t) => {
    const t0 = performance.now();
    const measured = await measureAbi(abi);
    if ('skip' in measured) {
      rows.push({ abi: abi.name, skipped: measured.skip });
      t.skip(measured.skip);
      return;
    }
    const row = oracleRow(measured.oracle, Math.round(performance.now() - t0));
    rows.push(row);
    assert.deepEqual(measured.oracle.problems, [], 'the gcc oracle is inconsistent with itself');
    const model = await loadModelApi();
    if ('missing' in model) {
      row.skipped = `model API missing: ${model.missing}`;
      t.skip(row.skipped);
      return;
    }
    const t1 = performance.now();
    const diffs = await compareAbi(measured.oracle, model);
    row.engineMs = Math.round(performance.now() - t1);
    comparedAbis.add(abi.name);
    const verdict = summarize(row, diffs, known.entries);
    verdict.used.forEach((i) => usedKnown.add(i));
    t.diagnostic(
      `${abi.name}: ${row.gccTypes} gcc types, ${row.agreeing} agree, ${row.disagreeing} disagree, ` +
        `${row.missing} missing, ${row.known} known`,
    );
    const missing = verdict.missingNames.slice(0, 20).join(', ');
    assert.equal(row.reported, row.gccTypes, `we must report every type gcc measured; missing: ${missing}`);
    assert.equal(verdict.unexpected.length, 0, failureText(abi.name, verdict.unexpected, formatDifference));
  });
}

test('no stale entries in known-differences.json', (t) => {
  if (comparedAbis.size === 0) {
    t.skip('no ABI was compared');
    return;
  }
  const stale = known.entries.filter(
    (k, i) => !usedKnown.has(i) && (k.abi === '*' || comparedAbis.has(k.abi)),
  );
  assert.deepEqual(stale, [], 'these known differences no longer occur: remove them');
});

after(() => {
  console.log(`\ngcc layout oracle\n${formatTable(rows)}\n`);
});
