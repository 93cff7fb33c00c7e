// Golden tests: every C fixture in test/fixtures/parser renders to the AST
// summary in the .expected file next to it (KPW_UPDATE_GOLDEN=1 regenerates).

import { before, test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGolden, FIXTURES, ready, render } from './helpers';

before(ready);

for (const name of readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.h'))
  .sort()) {
  test(`fixture ${name}`, () => {
    const text = readFileSync(join(FIXTURES, name), 'latin1');
    checkGolden(join(FIXTURES, name.replace(/\.h$/, '.expected')), render(text, name));
  });
}
