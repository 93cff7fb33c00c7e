// Findings not fixed yet, kept runnable as `todo` tests (they report, they do not fail the
// suite): test/fixtures/fuzz-regressions/open/. Each runs in a child process with a bound,
// since a hang is the finding. Move a file to its target's folder once it is fixed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const OPEN = join(__dirname, '..', 'fixtures', 'fuzz-regressions', 'open');
/** A hang detector, not a speed bound: the same text without its last line parses in ~0.1 s. */
const BOUND_MS = 15_000;

test(
  'parser: the soak text (vfio.h after 6457 random edits, cut after the `};` that hangs) parses',
  { todo: 'open: parseUnit spins on this text (found by the LSP soak); reported to the lead' },
  () => {
    const script = `require('tsx/cjs');const {readFileSync}=require('node:fs');const {parseUnit,identityMap}=require('${join(__dirname, '..', '..', 'src', 'core', 'parser', 'parse-unit.ts')}');const {initParser}=require('${join(__dirname, '..', '..', 'src', 'core', 'parser', 'tree-sitter.ts')}');initParser().then(()=>{const t=readFileSync(process.argv[1],'utf8');parseUnit(t,identityMap('/x.h',t));});`;
    const r = spawnSync(process.execPath, ['-e', script, join(OPEN, 'parser-hang-soak.c')], {
      timeout: BOUND_MS,
      encoding: 'utf8',
    });
    assert.equal(r.signal, null, `parseUnit did not finish within ${BOUND_MS} ms`);
    assert.equal(r.status, 0, r.stderr);
  },
);
