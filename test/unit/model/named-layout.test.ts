// `kpw layout FILE -- TYPE` builds its models without laying out every record
// (HeaderModelOptions.layoutMain false) and prints the diagnostics of the unit plus
// those of the asked types. Nothing may change for what is asked: on generated headers
// (random records, damaged members, arch-dependent types) and the CLI's fixture headers,
// every record's layout must equal the full model's, the lazy model's diagnostics must be
// the full model's minus the main records' layout problems, and the CLI's output for one
// named type must be that type's block of the full output, with the full run's stderr
// lines minus other records' layout problems.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { ABIS } from '../../../src/core/abi/index';
import { buildHeaderModelSync } from '../../../src/core/model/header-model';
import { toLayoutJson } from '../../../src/core/layout/json';
import { runLayout } from '../../../src/cli/commands/layout';
import { formatDiagnostic } from '../../../src/cli/reporters/diagnostics-text';
import { randomHeader } from '../../fuzz/gen/random-struct';

const dir = mkdtempSync(join(tmpdir(), 'kpw-named-layout-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const CLI_FIXTURES = resolve(__dirname, '../../fixtures/cli');

function generated(seed: number): string {
  return [
    '#ifdef __LP64__',
    'typedef long T;',
    '#else',
    'typedef long long T;',
    '#endif',
    `struct outer_${seed} { struct inner_${seed} { T a; char b; } in; int tail; };`,
    // Layout problems on purpose: an unknown member type, a bitfield wider than its type.
    `struct broken_${seed} { int a; unknown_t u; int z; };`,
    `struct wide_bits_${seed} { unsigned char x : ${9 + (seed % 3)}; };`,
    `struct uses_broken_${seed} { struct broken_${seed} b; T t; };`,
    randomHeader(seed, 4),
    '',
  ].join('\n');
}

const json = (v: unknown) => JSON.stringify(v);

function assertLazyModelAgrees(file: string): void {
  for (const abi of [ABIS[0], ...ABIS.filter((a) => a.name === 'i386' || a.name === 's390x')]) {
    const full = buildHeaderModelSync({ files: [file], abi });
    const lazy = buildHeaderModelSync({ files: [file], abi, layoutMain: false });
    const main = full.mainRecords();
    assert.equal(
      json(lazy.diagnostics.concat(main.flatMap((l) => l.diagnostics))),
      json(full.diagnostics),
      `${file} on ${abi.name}: diagnostics`,
    );
    for (const l of main) {
      const other = lazy.record(l.name);
      assert.ok(other, `${file}: ${l.name} missing on ${abi.name}`);
      assert.equal(json(toLayoutJson([other], abi.name)), json(toLayoutJson([l], abi.name)), l.name);
    }
  }
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string[] }> {
  let out = '';
  const err: string[] = [];
  const code = await runLayout(argv, { stdout: (t) => (out += t), stderr: (t) => err.push(t) });
  return { code, out, err };
}

/** One named type through the CLI: its block of the full output, the full stderr minus other records' layout problems. */
async function assertCliAgrees(file: string): Promise<void> {
  const full = await cli([file]);
  const model = buildHeaderModelSync({ files: [file], abi: ABIS[0] });
  for (const record of model.mainRecords()) {
    const one = await cli([file, '--', record.name]);
    assert.equal(one.code, full.code, `${file} -- ${record.name}: exit`);
    assert.ok(full.out.includes(one.out), `${file} -- ${record.name}: not a block of the full output`);
    const others = new Set(
      model
        .mainRecords()
        .filter((l) => l !== record)
        .flatMap((l) => l.diagnostics.map(formatDiagnostic)),
    );
    const own = new Set(record.diagnostics.map(formatDiagnostic));
    const expected = full.err.filter((line) => own.has(line) || !others.has(line));
    assert.deepEqual(one.err, expected, `${file} -- ${record.name}: stderr`);
  }
}

test('a model built without laying out main records lays out each the same and reports the rest', async () => {
  for (let seed = 1; seed <= 16; seed++) {
    const file = join(dir, `gen-${seed}.h`);
    writeFileSync(file, generated(seed));
    assertLazyModelAgrees(file);
    if (seed <= 4) await assertCliAgrees(file);
  }
});

test('the CLI fixture headers: kpw layout FILE -- TYPE prints what the full run prints of TYPE', async () => {
  const files = [
    ...readdirSync(CLI_FIXTURES)
      .filter((f) => f.endsWith('.h'))
      .map((f) => join(CLI_FIXTURES, f)),
    ...readdirSync(join(CLI_FIXTURES, 'bad-input'))
      .filter((f) => f.endsWith('.h'))
      .map((f) => join(CLI_FIXTURES, 'bad-input', f)),
  ];
  for (const file of files) {
    assertLazyModelAgrees(file);
    await assertCliAgrees(file);
  }
});
