// The editor's cached path (include cache, shared lexing, incremental reparse and
// lowering, one disk snapshot per batch) must give exactly what a fresh build
// gives: along a seeded chain of random edits to vfio.h, on every ABI, the
// expanded text, AST, diagnostics, layouts and UAPI check results are compared.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ABIS } from '../../../src/core/abi/index';
import { runChecks } from '../../../src/core/checks/run';
import {
  buildHeaderModelSync,
  createHeaderModelCache,
  type HeaderModel,
  type HeaderModelCache,
} from '../../../src/core/model/header-model';
import { snapshotHost } from '../../../src/core/host/snapshot-host';
import { initParser } from '../../../src/core/parser/tree-sitter/tree-sitter';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import type { FileHost } from '../../../src/core/host/types';
import { randomEdit, seededRandom } from './random-edits';

const MAIN = resolve(join(__dirname, '../../fixtures/server/vfio.h'));
const BASE = readFileSync(MAIN, 'utf8');

before(() => initParser());

function hostFor(text: string, version: number): FileHost {
  return {
    ...nodeFileHost,
    readFile: (p) => (p === MAIN ? text : nodeFileHost.readFile(p)),
    version: (p) => (p === MAIN ? `edit:${version}` : nodeFileHost.version?.(p)),
  };
}

/** Everything a consumer can see of a model, as one comparable value. */
function snapshot(model: HeaderModel): unknown {
  return plain({
    text: model.unit.text,
    decls: model.ast.decls,
    diagnostics: model.diagnostics,
    main: model.mainRecords(),
    defines: model.defines.all().map((d) => [d.name, String(d.value), d.error]),
  });
}

/** A JSON round trip (bigints as strings): lazy getters read, identity ignored. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
}

/** The 7 ABIs' models on tree-sitter's incremental path (headers are read by the hand parser by
 *  default, core/model HEADER_PARSER; this path stays for parser: 'tree-sitter'): sibling caches, one snapshot host. */
function buildAll(host: FileHost, caches?: Map<string, HeaderModelCache>): HeaderModel[] {
  const batch = snapshotHost(host);
  return ABIS.map((abi) => {
    let cache = caches?.get(abi.name);
    if (caches && !cache)
      caches.set(abi.name, (cache = createHeaderModelCache(caches.values().next().value)));
    return buildHeaderModelSync({ files: [MAIN], abi, host: batch, cache, parser: 'tree-sitter' });
  });
}

function checks(models: HeaderModel[], host: FileHost): unknown {
  return plain(runChecks({ models, files: [MAIN], workspace: { host } }));
}

test('cached builds equal fresh builds along a chain of random edits, on every ABI', () => {
  const random = seededRandom(20240611);
  const caches = new Map<string, HeaderModelCache>();
  const seen: string[] = [BASE];
  let text = BASE;
  for (let step = 0; step < 14; step++) {
    // Now and then go back to an earlier text: the caches must not keep stale state.
    text = step % 5 === 4 ? seen[Math.floor(random() * seen.length)] : randomEdit(text, random);
    seen.push(text);
    const host = hostFor(text, step);
    const cached = buildAll(host, caches);
    const fresh = buildAll(host);
    assert.ok(fresh[0].mainRecords().length > 50, `step ${step}: the fixture still models`);
    for (let k = 0; k < ABIS.length; k++) {
      assert.deepEqual(snapshot(cached[k]), snapshot(fresh[k]), `step ${step}, ${ABIS[k].name}`);
    }
    assert.deepEqual(checks(cached, host), checks(fresh, host), `step ${step}, checks`);
  }
  for (const c of caches.values()) c.parsed?.dispose();
});

test('a one-character edit inside a member name reuses every other declaration', () => {
  const cache = createHeaderModelCache();
  const abi = ABIS[0];
  const first = buildHeaderModelSync({
    files: [MAIN],
    abi,
    host: hostFor(BASE, 0),
    cache,
    parser: 'tree-sitter',
  });
  const at = BASE.indexOf('argsz', BASE.indexOf('struct vfio_region_info {'));
  const edited = `${BASE.slice(0, at)}b${BASE.slice(at + 1)}`;
  const second = buildHeaderModelSync({
    files: [MAIN],
    abi,
    host: hostFor(edited, 1),
    cache,
    parser: 'tree-sitter',
  });
  assert.equal(second.ast.decls.length, first.ast.decls.length);
  const changed = second.ast.decls.filter((d) => !first.ast.decls.includes(d));
  const names = changed.map((d) => (d.kind === 'record' ? d.decl.name : d.kind));
  assert.equal(names[0], 'vfio_region_info');
  // Declarations the recovery parser re-reads (tree-sitter found an error in them; the
  // parser reports something there) are lowered every time.
  const damagedLines = second.ast.diagnostics.map((d) => d.range.start.line);
  for (const d of changed.slice(1)) {
    const { start, end } =
      d.kind === 'record' ? d.decl.loc.range : { start: { line: -1 }, end: { line: -1 } };
    assert.ok(
      damagedLines.some((l) => l >= start.line && l <= end.line),
      `${names.join(', ')} were lowered again`,
    );
  }
  cache.parsed?.dispose();
});

test('a #define value kept from the previous build follows the sizes and macros it used', () => {
  const file = resolve(join(__dirname, '../../fixtures/server/define-memo.h'));
  const texts = [
    "#include <linux/ioctl.h>\nstruct s { int a; };\n#define BASE 1\n#define X _IOW('x', BASE, struct s)\n",
    "#include <linux/ioctl.h>\nstruct s { long long a; int b; };\n#define BASE 1\n#define X _IOW('x', BASE, struct s)\n",
    "#include <linux/ioctl.h>\nstruct s { long long a; int b; };\n#define BASE 2\n#define X _IOW('x', BASE, struct s)\n",
  ];
  const cache = createHeaderModelCache();
  const values = texts.map((text, version) => {
    const host: FileHost = {
      ...nodeFileHost,
      readFile: (p) => (p === file ? text : nodeFileHost.readFile(p)),
      version: (p) => (p === file ? `v${version}` : nodeFileHost.version?.(p)),
    };
    const cached = buildHeaderModelSync({ files: [file], abi: ABIS[0], host, cache }).defines.get('X');
    const fresh = buildHeaderModelSync({ files: [file], abi: ABIS[0], host }).defines.get('X');
    assert.equal(cached?.value, fresh?.value, `version ${version}`);
    return cached?.ioctl?.fields;
  });
  assert.deepEqual(
    values.map((f) => [f?.size, f?.nr]),
    [
      [4, 1],
      [16, 1],
      [16, 2],
    ],
  );
  cache.parsed?.dispose();
});
