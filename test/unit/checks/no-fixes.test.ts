// kpw check asks the checks for no quick fixes (CheckContext.fixes = false: no output format
// shows them, and 40,000 findings' fixes held ~10 MB). That must change nothing else: every
// header here is checked with and without fixes, and the findings without must be the
// findings with, less their `fixes`. Generated headers (holes, trailing padding and plain
// 64-bit members on some ABIs: the checks that build fixes) and every check fixture.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { modelAndCheck } from '../../../src/core/checks/run';
import type { Diagnostic } from '../../../src/core/diag/diagnostic';
import { randomHeader } from '../../fuzz/gen/random-struct';
import { baselineOf } from './expectations';
import { systemHeadersSkip } from '../../system-headers';

const dir = mkdtempSync(join(tmpdir(), 'kpw-no-fixes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FIXTURES = resolve(__dirname, '../../fixtures/checks');

/** The findings both ways (as JSON), and how many fixes the run with fixes had. */
async function bothWays(
  file: string,
  extra: { includeDirs?: string[]; baseline?: ReturnType<typeof baselineOf> } = {},
): Promise<{ withFixes: string; without: string; fixes: number; fixesWithout: number }> {
  const opts = { files: [file], forceUapi: true, releaseModels: true, ...extra };
  const withFixes = (await modelAndCheck(opts)).diagnostics;
  const without = (await modelAndCheck({ ...opts, fixes: false })).diagnostics;
  const strip = (list: Diagnostic[]) => list.map(({ fixes: _fixes, ...d }) => d);
  const count = (list: Diagnostic[]) => list.reduce((n, d) => n + (d.fixes?.length ?? 0), 0);
  return {
    withFixes: JSON.stringify(strip(withFixes), null, 1),
    without: JSON.stringify(without, null, 1),
    fixes: count(withFixes),
    fixesWithout: count(without),
  };
}

/** Records with holes, trailing padding and plain 64-bit members, some only on some ABIs. */
function generated(seed: number): string {
  return [
    '#include <linux/types.h>',
    `struct hole_${seed} { __u32 a; __u64 b; __u8 c[${(seed % 7) + 1}]; };`,
    `struct tail_${seed} { __u64 a; __u${[8, 16, 32][seed % 3]} b; };`,
    `struct mid_${seed} { __u8 a; __u16 b; __u32 c; __s64 d; char e; };`,
    `struct same_${seed} { __u32 a; __u32 b; };`,
    randomHeader(seed, 4),
    '',
  ].join('\n');
}

test('generated headers: without fixes, the same findings less their fixes', async () => {
  let fixes = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const file = join(dir, `gen-${seed}.h`);
    writeFileSync(file, generated(seed));
    const r = await bothWays(file, { includeDirs: ['/usr/include'] });
    assert.equal(r.fixesWithout, 0, `${file}: fixes built though none were asked for`);
    assert.equal(r.without, r.withFixes, `findings of ${file}`);
    fixes += r.fixes;
  }
  assert.ok(fixes > 20, `the generated headers gave only ${fixes} fixes to compare`);
});

describe(
  'check fixtures: without fixes, the same findings less their fixes',
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
        const r = await bothWays(file, { includeDirs: ['/usr/include'], baseline: baselineOf(text, file) });
        assert.equal(r.fixesWithout, 0);
        assert.equal(r.without, r.withFixes);
      });
    }
  },
);
