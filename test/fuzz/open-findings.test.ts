// Findings not fixed yet, kept runnable as `todo` tests (they report, they do not fail the
// suite): test/fixtures/fuzz-regressions/open/*.c go through parseUnit. Each runs in a child
// process with a bound, since a hang is the finding. Move a file to its target's folder
// (and its README row to the fixed table) once it is fixed; an empty open/ runs nothing.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const OPEN = join(__dirname, '..', 'fixtures', 'fuzz-regressions', 'open');
/** A hang detector, not a speed bound: parsing a header of this size takes well under a second. */
const BOUND_MS = 15_000;

const PARSER = join(__dirname, '..', '..', 'src', 'core', 'parser');
const PARSE_SCRIPT = `require('tsx/cjs');const {readFileSync}=require('node:fs');const {parseUnit,identityMap}=require(${JSON.stringify(join(PARSER, 'parse-unit.ts'))});const {initParser}=require(${JSON.stringify(join(PARSER, 'tree-sitter.ts'))});initParser().then(()=>{const t=readFileSync(process.argv[1],'utf8');parseUnit(t,identityMap('/x.h',t));});`;

const open = existsSync(OPEN)
  ? readdirSync(OPEN)
      .filter((n) => n.endsWith('.c'))
      .sort()
  : [];

for (const name of open) {
  test(`parser: open finding ${name} parses`, { todo: 'open finding (see the README in its folder)' }, () => {
    const r = spawnSync(process.execPath, ['-e', PARSE_SCRIPT, join(OPEN, name)], {
      timeout: BOUND_MS,
      encoding: 'utf8',
    });
    assert.equal(r.signal, null, `parseUnit did not finish within ${BOUND_MS} ms`);
    assert.equal(r.status, 0, r.stderr);
  });
}

test('open findings are only parser inputs (*.c) this file knows how to run', () => {
  const others = existsSync(OPEN)
    ? readdirSync(OPEN).filter((n) => !n.endsWith('.c') && n !== '.gitkeep')
    : [];
  assert.deepEqual(others, [], 'teach open-findings.test.ts to run these, or move them');
});
