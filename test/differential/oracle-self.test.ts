// Tests of the gcc oracle itself: DWARF reading against a reviewed golden file
// (every ABI, DWARF 5 and DWARF 4 forms), the comparison against gcc's own
// JSON with planted changes, and the text parsers on captured gcc output.
// KPW_UPDATE_GOLDEN=1 rewrites fixtures/oracle-sample.expected.json.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ORACLE_ABIS } from './oracle/abis';
import {
  compareType,
  formatDifference,
  triage,
  type Difference,
  type KnownDifference,
} from './oracle/compare';
import { compareAbi, oracleRow, summarize } from './oracle/compare-abi';
import { categorize, conflictingHeaders } from './oracle/header-set';
import type { TypeJson } from './oracle/layout-json';
import { measureAbi, measureUnit, WORK_DIR } from './oracle/measure';
import type { ModelApi } from './oracle/model-api';
import { toolExists } from './oracle/run-tool';
import { stringifyCompact } from './oracle/report';
import { readAsmArray } from './oracle/sizeof-alignof';

const FIXTURES = join(__dirname, 'fixtures');
const GOLDEN = join(FIXTURES, 'oracle-sample.expected.json');
const fixtureOverlay = { root: FIXTURES, links: {} };

test('DWARF layouts of oracle-sample.h match the reviewed golden file on every ABI', async (t) => {
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, TypeJson>>;
  const actual: Record<string, Record<string, TypeJson>> = {};
  for (const abi of ORACLE_ABIS) {
    if (!(await toolExists(abi.gcc))) {
      t.diagnostic(`${abi.name}: ${abi.gcc} missing (Debian: ${abi.packages.join(' ')})`);
      continue;
    }
    const r = await measureUnit(
      abi,
      fixtureOverlay,
      ['oracle-sample.h'],
      join(WORK_DIR, 'tu', `sample-${abi.name}`),
    );
    assert.deepEqual(r.problems, [], abi.name);
    actual[abi.name] = r.types;
    if (process.env.KPW_UPDATE_GOLDEN) continue;
    const diffs = Object.entries(golden[abi.name] ?? {}).flatMap(([n, g]) =>
      compareType(abi.name, n, g, r.types[n]),
    );
    assert.deepEqual(diffs.map(formatDifference), [], abi.name);
    assert.deepEqual(Object.keys(r.types).sort(), Object.keys(golden[abi.name] ?? {}).sort(), abi.name);
  }
  if (process.env.KPW_UPDATE_GOLDEN) writeFileSync(GOLDEN, stringifyCompact({ ...golden, ...actual }));
});

test('DWARF 4 (DW_AT_bit_offset) reads the same as DWARF 5 on little- and big-endian', async (t) => {
  for (const abi of ORACLE_ABIS.filter((a) => a.name === 'x86_64' || a.name === 's390x')) {
    if (!(await toolExists(abi.gcc))) {
      t.diagnostic(`${abi.name}: ${abi.gcc} missing`);
      continue;
    }
    const base = join(WORK_DIR, 'tu', `sample-${abi.name}`);
    const v5 = await measureUnit(abi, fixtureOverlay, ['oracle-sample.h'], `${base}-v5`);
    const v4 = await measureUnit(abi, fixtureOverlay, ['oracle-sample.h'], `${base}-v4`, ['-gdwarf-4']);
    assert.deepEqual(v4.types, v5.types, abi.name);
  }
});

test("the comparison finds exactly the changes planted in gcc's own JSON", async (t) => {
  const x86 = ORACLE_ABIS.find((a) => a.name === 'x86_64');
  const measured = x86 && (await measureAbi(x86));
  if (!measured || 'skip' in measured) {
    t.skip(measured ? measured.skip : 'no x86_64');
    return;
  }
  const gcc = measured.oracle.json.types;
  const compareAll = (ours: Record<string, TypeJson>) =>
    Object.entries(gcc).flatMap(([n, g]) => compareType('x86_64', n, g, ours[n]));
  assert.deepEqual(compareAll(structuredClone(gcc)), [], 'gcc against itself');
  const ours = structuredClone(gcc);
  ours.vfio_device_info.size += 4;
  ours.vfio_region_info.align = 4;
  ours.iphdr.fields.find((f) => f.name === 'version')!.bitOffset = 0;
  ours.iphdr.fields.find((f) => f.name === 'ttl')!.offset = 9;
  ours.vfio_device_gfx_plane_info.fields = ours.vfio_device_gfx_plane_info.fields.filter(
    (f) => f.name !== 'drm_format',
  );
  ours.epoll_event.fields.push({ name: 'bogus', offset: 12, size: 4 });
  delete ours.vfio_iommu_type1_dma_map;
  ours.vfio_info_cap_header.line += 1;
  const found = compareAll(ours).map((d) => `${d.type}${d.field ? `.${d.field}` : ''} ${d.what}`);
  assert.deepEqual(found.sort(), [
    'epoll_event.bogus field-extra',
    'iphdr.ttl offset',
    'iphdr.version bitOffset',
    'vfio_device_gfx_plane_info.drm_format field-missing',
    'vfio_device_info size',
    'vfio_info_cap_header line',
    'vfio_iommu_type1_dma_map missing',
    'vfio_region_info align',
  ]);
});

test("a model answering with gcc's own JSON agrees fully; planted changes show in the table", async (t) => {
  const x86 = ORACLE_ABIS.find((a) => a.name === 'x86_64');
  const measured = x86 && (await measureAbi(x86));
  if (!measured || 'skip' in measured) {
    t.skip(measured ? measured.skip : 'no x86_64');
    return;
  }
  const oracle = measured.oracle;
  // The fake engine reports absolute real paths, as an engine resolving symlinks would.
  const answer = (plant: boolean): ModelApi => ({
    async computeLayoutJson(opts) {
      const unit = oracle.units.find((u) => opts.files[0].endsWith(`/${u.files[0]}`))!;
      const types = structuredClone(unit.types);
      for (const ty of Object.values(types)) ty.file = ty.file.replace(/^linux\//, '/usr/include/linux/');
      if (plant && types.vfio_device_info) {
        types.vfio_device_info.align = 8;
        delete types.iphdr;
      }
      return { json: { abi: opts.abi, types }, diagnostics: [] };
    },
  });
  const clean = oracleRow(oracle, 0);
  const none = summarize(clean, await compareAbi(oracle, answer(false)), []);
  assert.deepEqual(none.unexpected.map(formatDifference), []);
  assert.equal(clean.agreeing, clean.gccTypes);
  const planted = oracleRow(oracle, 0);
  const known: KnownDifference[] = [{ abi: 'x86_64', type: 'vfio_device_info', what: 'align', reason: 'r' }];
  const v = summarize(planted, await compareAbi(oracle, answer(true)), known);
  assert.deepEqual(v.missingNames, ['iphdr']);
  assert.deepEqual(
    [planted.reported, planted.agreeing, planted.disagreeing, planted.missing, planted.known],
    [clean.gccTypes! - 1, clean.gccTypes! - 2, 0, 1, 1],
  );
});

test('field order, sizes and bitfield presence are compared', () => {
  const g: TypeJson = {
    kind: 'struct',
    size: 8,
    align: 4,
    file: 'linux/x.h',
    line: 3,
    fields: [
      { name: 'a', offset: 0, size: 4 },
      { name: 'b', offset: 4, size: 4, bitOffset: 32, bitSize: 3 },
    ],
  };
  const o: TypeJson = {
    ...g,
    kind: 'union',
    fields: [
      { name: 'b', offset: 4, size: null },
      { name: 'a', offset: 0, size: 4 },
    ],
  };
  const whats = compareType('x', 't', g, o, (f) => f).map((d) => `${d.field ?? ''} ${d.what}`);
  assert.deepEqual(whats, [' kind', 'b field-size', 'b bitOffset', 'b bitSize', ' field-order']);
});

test('known differences: matching by abi, type, field and kind; unused entries show up', () => {
  const diffs: Difference[] = [
    { abi: 'i386', type: 't', field: 'f', what: 'offset', gcc: 4, ours: 8 },
    { abi: 's390x', type: 'u', what: 'size', gcc: 4, ours: 8 },
    { abi: 's390x', type: 'u', field: 'g', what: 'bitOffset', gcc: 0, ours: 7 },
  ];
  const known: KnownDifference[] = [
    { abi: 'i386', type: 't', field: 'f', what: 'offset', reason: 'r' },
    { abi: '*', type: 'u', what: 'bitOffset', reason: 'r' },
    { abi: 'arm', type: 't', what: 'size', reason: 'stale' },
  ];
  const r = triage(diffs, known);
  assert.deepEqual(r.unexpected, [diffs[1]]);
  assert.deepEqual(r.known, [diffs[0], diffs[2]]);
  assert.deepEqual([...r.used].sort(), [0, 1]);
});

test("errors are blamed on the main header that opened the file, despite gcc's stale include chains", () => {
  // Captured from i686-linux-gnu-gcc -H: the chain printed names line 1, but -H shows
  // posix_types_64.h was opened by main header 2.
  const stderr = [
    '. /ov/linux/acct.h',
    '.. /ov/asm/posix_types.h',
    '... /ov/asm/posix_types_32.h',
    '. /ov/asm/posix_types_64.h',
    'In file included from /ov/asm/posix_types.h:3,',
    '                 from /work/tu.c:1:',
    '/ov/asm/posix_types_64.h:15:25: error: conflicting types for ‘__kernel_old_dev_t’',
    '/ov/asm/posix_types_32.h:21:25: note: previous declaration of ‘__kernel_old_dev_t’',
    '/ov/asm/posix_types_64.h:16:25: error: conflicting types for ‘x’',
    '. /ov/linux/ok.h',
    '/ov/linux/ok.h:3:9: warning: "FOO" redefined',
  ].join('\n');
  const group = ['linux/acct.h', 'asm/posix_types_64.h', 'linux/ok.h'];
  const nameOf = (p: string) => p.replace('/ov/', '');
  assert.deepEqual([...conflictingHeaders(stderr, group, nameOf)].sort(), [1, 2]);
});

test('rejections are sorted into causes', () => {
  const cases: [string, string][] = [
    [
      '/ov/linux/if.h:28:10: fatal error: sys/socket.h: No such file or directory',
      'includes a libc header (<sys/socket.h>)',
    ],
    [
      'x.h:26:10: fatal error: drm/drm.h: No such file or directory',
      'includes a UAPI header outside the overlay (<drm/drm.h>)',
    ],
    [
      'x.h:8:9: error: unknown type name ‘stack_t’',
      'uses a type or macro that only libc or another header defines',
    ],
    ['x.h:15:2: error: #error "patchkey.h included directly"', '#error: not to be included directly'],
  ];
  for (const [stderr, category] of cases)
    assert.equal(categorize(`In file included from <stdin>:1:\n${stderr}\n`).category, category);
});

test('assembler constants are read for every directive gcc uses', () => {
  const asm = [
    '\t.align 4',
    'sym:',
    '\t.long\t16',
    '\t.word\t8',
    '\t.zero\t8',
    '\t.4byte\t3',
    '\t.size\tsym, 24',
    'other:',
    '\t.long 9',
  ].join('\n');
  assert.deepEqual(readAsmArray(asm, 'sym'), [16, 8, 0, 0, 3]);
  assert.equal(readAsmArray(asm, 'missing'), undefined);
});
