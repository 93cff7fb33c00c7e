// kpw check keeps of each ABI but the reference only the layouts the cross-ABI checks
// read (model/released-model.ts). That must never change a finding: every header here
// is checked on every ABI twice, all models held and models released per ABI, and the
// sorted findings must be identical. Generated headers (random records, with types
// whose size or typedef-ness depends on the ABI, bitfields, plain 64-bit members, doc
// comments and #defines) and every check fixture (test/fixtures/checks).

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { modelAndCheck } from '../../../src/core/checks/run';
import { randomHeader } from '../../fuzz/gen/random-struct';
import { baselineOf } from './expectations';
import { systemHeadersSkip } from '../../system-headers';

const dir = mkdtempSync(join(tmpdir(), 'kpw-release-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FIXTURES = resolve(__dirname, '../../fixtures/checks');

/** Findings of both paths, and whether the released run really released the other ABIs. */
async function bothPaths(
  file: string,
  extra: { includeDirs?: string[]; baseline?: ReturnType<typeof baselineOf> } = {},
): Promise<{ held: string; released: string; releasedOthers: boolean }> {
  const opts = { files: [file], forceUapi: true, ...extra };
  const held = await modelAndCheck({ ...opts, releaseModels: false });
  const released = await modelAndCheck({ ...opts, releaseModels: true });
  const releasedOthers =
    released.models.length > 1 &&
    released.models.slice(1).every((m) => {
      try {
        void m.ast;
        return false;
      } catch {
        return true;
      }
    });
  return {
    held: JSON.stringify(held.diagnostics, null, 1),
    released: JSON.stringify(released.diagnostics, null, 1),
    releasedOthers,
  };
}

/** A record header whose layouts differ per ABI in several ways the checks report. */
function generated(seed: number): string {
  const lines = [
    '#if defined(__LP64__) || defined(__s390x__)',
    'typedef long T;',
    '#else',
    'typedef long long T;',
    'enum { ONLY_32 = 1 };',
    '#endif',
    `#define GEN_BASE_${seed} 0x${(seed * 37).toString(16)}`,
    `#define GEN_SIZE_${seed} (sizeof(long) * ${seed})`,
    '/**',
    ' * struct wide - a doc comment on every ABI',
    ' */',
    `struct wide_${seed} { unsigned int a; T b; unsigned long long c; char d[${(seed % 5) + 1}]; };`,
    `struct bits_${seed} { unsigned int lo : ${(seed % 7) + 1}; unsigned int hi : 3; long tail; };`,
    `typedef struct { short s; T t; } anon_${seed}_t;`,
    randomHeader(seed, 4),
    '',
  ];
  return lines.join('\n');
}

test('generated headers: released models give the same findings as held models', async () => {
  for (let seed = 1; seed <= 24; seed++) {
    const file = join(dir, `gen-${seed}.h`);
    writeFileSync(file, generated(seed));
    const r = await bothPaths(file);
    assert.ok(r.releasedOthers, `${file}: the other ABIs were not released`);
    assert.ok(r.held.includes('uapi-abi-divergent-layout'), `${file}: no cross-ABI finding to compare`);
    assert.equal(r.released, r.held, `findings of ${file}`);
  }
});

describe(
  'check fixtures: released models give the same findings as held models',
  { skip: systemHeadersSkip() },
  () => {
    const files = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(join(FIXTURES, d.name))
          .filter((f) => f.endsWith('.h'))
          .map((f) => join(FIXTURES, d.name, f)),
      );
    for (const file of files) {
      test(file.slice(FIXTURES.length + 1), async () => {
        const text = readFileSync(file, 'utf8');
        // The names of a change but no before models: those keep every model (the compat diff reads them).
        const r = await bothPaths(file, { includeDirs: ['/usr/include'], baseline: baselineOf(text, file) });
        assert.ok(r.releasedOthers, `${file}: the other ABIs were not released`);
        assert.equal(r.released, r.held);
      });
    }
  },
);
