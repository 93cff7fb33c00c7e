// One build, two drivers: the CLI runs the model build and the checks to the end
// (runSync), the language server in time slices (runSliced, here pausing at every
// checkpoint). Both must give identical models and findings on every header
// fixture of the repository and on every shape of slow header, and identical
// #define values on every generated shape of huge value (test/fuzz/gen/define-shapes.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAbi } from '../../../src/core/abi/index';
import type { AbiSpec } from '../../../src/core/abi/types';
import {
  analyzeHeaderModels,
  analyzeHeaderModelSteps,
  modelHeaders,
  modelHeaderSteps,
  runSliced,
  type HeaderModel,
} from '../../../src/core/api/index';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import { slowHeaders } from '../../fuzz/gen/slow-headers';
import { defineShapes } from '../../fuzz/gen/define-shapes';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const ABIS = ['x86_64', 'i386', 's390x'].map((n) => getAbi(n) as AbiSpec);

function headersUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return headersUnder(path);
    return name.endsWith('.h') ? [path] : [];
  });
}

/** What a face sees of a model: its text, diagnostics, and every record's layout. */
function view(models: HeaderModel[]): unknown {
  return models.map((m) => ({
    abi: m.abi.name,
    text: m.unit.text,
    diagnostics: m.diagnostics,
    records: m.allRecords(),
    main: m.mainRecords().map((r) => r.name),
  }));
}

async function compare(file: string): Promise<void> {
  const options = () => ({ files: [file], abis: ABIS, host: nodeFileHost, caches: new Map() });
  const sync = modelHeaders(options());
  const sliced = await runSliced(modelHeaderSteps(options()), { sliceMs: 0 });
  assert.deepEqual(view(sliced), view(sync), `models of ${file}`);
  const checkOptions = { files: [file], host: nodeFileHost, forceUapi: true };
  const findings = analyzeHeaderModels(sync, checkOptions);
  const slicedFindings = await runSliced(analyzeHeaderModelSteps(sliced, checkOptions), { sliceMs: 0 });
  assert.deepEqual(slicedFindings, findings, `findings of ${file}`);
}

const fixtures = headersUnder(FIXTURES);

test('there are header fixtures to compare', () => assert.ok(fixtures.length > 50, String(fixtures.length)));

test('runSync and runSliced agree on every header fixture', async () => {
  for (const file of fixtures) await compare(file);
});

test('runSync and runSliced agree on every shape of slow header', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-parity-'));
  try {
    for (const header of slowHeaders(dir)) await compare(header.path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** What a face sees of the #define values (hover, number checks) of each model. */
function values(models: HeaderModel[]): unknown {
  return models.map((m) =>
    m.defines.all().map(({ name, value, error, ioctl }) => ({ abi: m.abi.name, name, value, error, ioctl })),
  );
}

test('#define values: runSync and runSliced agree on every generated shape, a huge value pausing inside', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-define-parity-'));
  try {
    for (const shape of defineShapes()) {
      const file = join(dir, `${shape.name}.h`);
      writeFileSync(file, shape.text);
      const options = () => ({
        files: [file],
        abis: ABIS.slice(0, 2),
        host: nodeFileHost,
        caches: new Map(),
      });
      const sync = modelHeaders(options());
      const sliced = modelHeaders(options());
      // The first ABI evaluates; the others replay its memo (the reuse path) or evaluate again.
      let pauses = 0;
      for (const m of sliced)
        await runSliced(m.defines.evaluateSteps(), { sliceMs: 0, onSlice: () => pauses++ });
      assert.deepEqual(values(sliced), values(sync), shape.name);
      // ~20,000 tokens and more of work per value: tens of checkpoints, not one per #define.
      const defines = sliced[0].defines.names().length;
      assert.ok(pauses > defines + 15, `${shape.name}: ${pauses} pauses for ${defines} #defines`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an aborted sliced build stops with an AbortError and runs no further step', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-abort-'));
  try {
    const [header] = slowHeaders(dir);
    const controller = new AbortController();
    let slices = 0;
    const build = runSliced(
      modelHeaderSteps({ files: [header.path], abis: ABIS, host: nodeFileHost, caches: new Map() }),
      { sliceMs: 0, signal: controller.signal, onSlice: (n) => (slices = n) === 3 && controller.abort() },
    );
    await assert.rejects(build, { name: 'AbortError' });
    assert.equal(slices, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
