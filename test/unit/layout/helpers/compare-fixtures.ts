// Prints, per fixture and ABI, the types where our engine and the stored GCC
// answer disagree (a debugging aid next to fixtures.test.ts):
//   node --import tsx test/unit/layout/helpers/compare-fixtures.ts [fixture.h...]

import { engineTypes, expectedFor, listFixtures, loadFixture, readExpected } from './fixtures';

const files = process.argv.slice(2).length ? process.argv.slice(2) : listFixtures();
const totals = new Map<string, { agree: number; all: number }>();
for (const file of files) {
  const fx = loadFixture(file);
  const expected = readExpected(fx);
  for (const abi of fx.abis) {
    const want = expected && expectedFor(expected, abi.name);
    if (!want) continue;
    const got = engineTypes(fx, abi);
    const t = totals.get(abi.name) ?? { agree: 0, all: 0 };
    for (const [name, w] of Object.entries(want)) {
      t.all++;
      if (JSON.stringify(got[name]) === JSON.stringify(w)) t.agree++;
      else
        console.log(
          `${file} ${abi.name} ${name}\n  gcc:    ${JSON.stringify(w)}\n  engine: ${JSON.stringify(got[name])}`,
        );
    }
    totals.set(abi.name, t);
  }
}
for (const [abi, t] of totals) console.log(`${abi}: ${t.agree}/${t.all} types agree`);
