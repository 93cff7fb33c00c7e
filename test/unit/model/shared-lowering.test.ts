// Sibling caches (one document's 7 ABIs) share lowered declarations: a declaration
// lowered on one ABI is reused on another. Along a seeded edit chain of vfio.h (the
// installed one and the shared 7.3 fixture), every ABI's AST must equal a fresh build's.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ABIS } from '../../../src/core/abi/index';
import type { Decl } from '../../../src/core/lang/ast';
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
import { UAPI_HEADERS } from '../../shared-fixtures';
import { randomEdit, seededRandom } from './random-edits';

const HEADERS = [
  { name: '6.1 installed', file: '/usr/include/linux/vfio.h', seed: 7 },
  { name: '7.3 shared fixture', file: join(UAPI_HEADERS, '7.3.4', 'linux', 'vfio.h'), seed: 11 },
];

before(() => initParser());

/** Why a header cannot be read here (a skip reason), or undefined; under CI=true a missing one fails. */
function missing(file: string): string | undefined {
  if (existsSync(file)) return undefined;
  const why = `${file} is not installed (linux-libc-dev, or ../shared beside the repository)`;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${why}`);
  return why;
}

function hostFor(file: string, text: string, version: number): FileHost {
  return {
    ...nodeFileHost,
    readFile: (p) => (p === file ? text : nodeFileHost.readFile(p)),
    version: (p) => (p === file ? `edit:${version}` : nodeFileHost.version?.(p)),
  };
}

/** The AST as one comparable value (bigints as strings, identity ignored). */
function plain(model: HeaderModel): unknown {
  const ast = { decls: model.ast.decls, diagnostics: model.ast.diagnostics };
  return JSON.parse(JSON.stringify(ast, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
}

function buildAll(file: string, host: FileHost, caches?: Map<string, HeaderModelCache>): HeaderModel[] {
  const batch = snapshotHost(host);
  return ABIS.map((abi) => {
    let cache = caches?.get(abi.name);
    if (caches && !cache)
      caches.set(abi.name, (cache = createHeaderModelCache(caches.values().next().value)));
    return buildHeaderModelSync({ files: [file], abi, host: batch, cache, parser: 'tree-sitter' });
  });
}

/** Declarations of `model` that are the very objects of some other ABI's model (shared lowering). */
function sharedWith(model: HeaderModel, others: HeaderModel[]): number {
  const seen = new Set<Decl>(others.flatMap((m) => m.ast.decls));
  return model.ast.decls.filter((d) => seen.has(d)).length;
}

for (const { name, file, seed } of HEADERS) {
  test(`shared lowering equals fresh lowering on every ABI along an edit chain (${name})`, (t) => {
    const why = missing(file);
    if (why) return t.skip(why);
    const random = seededRandom(seed);
    const caches = new Map<string, HeaderModelCache>();
    let text = readFileSync(file, 'utf8');
    let sharedSeen = 0;
    for (let step = 0; step < 8; step++) {
      if (step > 0) text = randomEdit(text, random);
      const host = hostFor(file, text, step);
      const cached = buildAll(file, host, caches);
      const fresh = buildAll(file, host);
      for (let k = 0; k < ABIS.length; k++) {
        assert.deepEqual(plain(cached[k]), plain(fresh[k]), `step ${step}, ${ABIS[k].name}`);
      }
      sharedSeen += sharedWith(cached[ABIS.length - 1], cached.slice(0, -1));
    }
    // The test must be able to fail: the last ABI really took declarations from its siblings.
    assert.ok(sharedSeen > 0, 'no declaration was shared between ABIs');
    for (const c of caches.values()) c.parsed?.dispose();
  });
}

test('a one-character edit lowers the edited declaration once for all ABIs', (t) => {
  const file = HEADERS[0].file;
  const why = missing(file);
  if (why) return t.skip(why);
  const base = readFileSync(file, 'utf8');
  const caches = new Map<string, HeaderModelCache>();
  buildAll(file, hostFor(file, base, 0), caches);
  const at = base.indexOf('argsz', base.indexOf('struct vfio_region_info {'));
  const models = buildAll(file, hostFor(file, `${base.slice(0, at)}b${base.slice(at + 1)}`, 1), caches);
  const edited = (m: HeaderModel) =>
    m.ast.decls.find((d) => d.kind === 'record' && d.decl.name === 'vfio_region_info');
  const first = edited(models[0]);
  assert.ok(first, 'vfio_region_info is modeled');
  const sharing = models.filter((m) => edited(m) === first).map((m) => m.abi.name);
  // ABIs whose visible typedef names match the first one's reuse its lowering.
  assert.ok(sharing.length > 1, `only ${sharing.join(', ')} had the first ABI's declaration`);
  for (const c of caches.values()) c.parsed?.dispose();
});
