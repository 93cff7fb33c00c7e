// Local probe builds: every listed workspace header (a full Linux 7.3 vfio.h,
// cut-down v13 headers) compiles with the generation the core detects, and a
// missing cross compiler is a clear problem.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadUapi } from '../../../src/core/sim/index';
import { buildProbeLocally, DEFAULT_COMPILER } from '../../../src/core/runner/index';

const FIXTURES = join(__dirname, '../../fixtures/target');
const noCompiler =
  spawnSync(DEFAULT_COMPILER, ['--version'], { stdio: 'ignore' }).status === 0
    ? undefined
    : `skipped: ${DEFAULT_COMPILER} (gcc-s390x-linux-gnu) is missing`;
const cases = JSON.parse(readFileSync(join(FIXTURES, 'headers.json'), 'utf8')) as {
  header: string;
  generation: string;
  define: string;
}[];

for (const c of cases) {
  test(`the probe builds against ${c.header}`, { skip: noCompiler }, async () => {
    const header = join(FIXTURES, c.header);
    const uapi = await loadUapi({ header });
    assert.ok(uapi.ok, uapi.ok ? '' : uapi.error);
    assert.equal(uapi.uapi.generation, c.generation);
    const outDir = mkdtempSync(join(tmpdir(), 'kpw-build-'));
    try {
      const built = await buildProbeLocally({ uapi: uapi.uapi, header, outDir });
      assert.ok(built.ok, built.ok ? '' : built.problem.message);
      assert.ok(built.args.includes(c.define));
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
}

test('a missing compiler is a clear problem', async () => {
  const uapi = await loadUapi({ override: 'v7.3' });
  assert.ok(uapi.ok);
  const outDir = mkdtempSync(join(tmpdir(), 'kpw-build-'));
  try {
    const built = await buildProbeLocally({ uapi: uapi.uapi, outDir, compiler: 'kpw-no-such-gcc' });
    assert.equal(built.ok, false);
    if (!built.ok)
      assert.match(built.problem.message, /kpw-no-such-gcc is not installed .*gcc-s390x-linux-gnu/);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});
