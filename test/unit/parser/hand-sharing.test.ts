// The ABIs of one run share work: the hand parser's top-level items (recovery/share-items.ts),
// the preprocessor's included-file entries (preprocess/cache.ts) and equal record shapes
// (layout/shared-shapes.ts). Sharing must never change a model. Every unit here is modelled on every ABI twice, with sibling
// caches (sharing) and with a fresh cache per ABI, and the renderings must be equal. The units are
// generated: random record headers, each wrapped so that an identifier is a typedef on some ABIs
// and not on others (the parse of the same text differs), plus a sample of installed UAPI headers.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ABIS } from '../../../src/core/abi/index';
import {
  buildHeaderModelSync,
  createHeaderModelCache,
  type HeaderModelCache,
} from '../../../src/core/model/header-model';
import { renderUnit } from '../../../src/core/parser/render-ast';
import { toLayoutJson } from '../../../src/core/layout/json';
import { randomHeader } from '../../fuzz/gen/random-struct';

const dir = mkdtempSync(join(tmpdir(), 'kpw-share-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Per ABI: the AST rendered and the model's diagnostics, built with or without sibling caches. */
function models(file: string, shared: boolean): string[] {
  const caches: HeaderModelCache[] = [];
  return ABIS.map((abi) => {
    const cache = createHeaderModelCache(shared ? caches[0] : undefined);
    caches.push(cache);
    const m = buildHeaderModelSync({ files: [file], abi, cache, abiCount: ABIS.length });
    const diags = m.diagnostics.map(
      (d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`,
    );
    // Sorted: a replayed include defines its macros in first-touched order (a Map order nobody reads).
    const macros = [...m.unit.macros.values()]
      .map((d) => `${d.name}=${d.bodyText}`)
      .sort()
      .join('\n');
    const defines = [...m.defines.all()]
      .map((d) => `${d.name}=${String(d.value)} ${d.error ?? ''}`)
      .join('\n');
    // Layouts too: equal record shapes are shared across ABIs (layout/shared-shapes.ts).
    const layouts = JSON.stringify(toLayoutJson(m.allRecords(), abi.name));
    return [abi.name, m.unit.text, renderUnit(m.ast), diags.join('\n'), macros, defines, layouts].join('\n');
  });
}

function assertSharingChangesNothing(file: string): void {
  const shared = models(file, true);
  const fresh = models(file, false);
  shared.forEach((s, i) => assert.equal(s, fresh[i], `${file} on ${ABIS[i].name}`));
}

/** `T` is a typedef on 64-bit ABIs only; the same text then parses differently per ABI. */
function archDependent(seed: number): string {
  const kinds = [
    'struct uses_t { char a[sizeof (T)]; int b; };',
    'struct uses_t { T (x); };',
    'typedef struct { int a; } T2; struct after_t2 { T2 v; };',
    'struct many_t { int a, b; char c[sizeof (T) + 1]; };',
  ];
  return [
    '#if defined(__LP64__) || defined(__s390x__)',
    'typedef long T;',
    '#else',
    'enum { T = 3 };',
    '#endif',
    '/* a doc comment shared by every ABI */',
    // #define values: one the evaluator's long width decides, one the layout engine answers.
    `#define ALL_ONES_${seed} (~0UL >> ${seed % 3})`,
    `#define SIZE_${seed} (sizeof(long) * ${seed})`,
    `#define CHAR_${seed} ((char)'\\xff' + ${seed})`,
    kinds[seed % kinds.length],
    randomHeader(seed, 5),
    kinds[(seed + 1) % kinds.length].replace(/uses_t|many_t|after_t2/g, (m) => `${m}_2`),
    '',
  ].join('\n');
}

test('sharing items across ABIs gives the same AST and diagnostics as parsing each ABI alone', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const file = join(dir, `gen-${seed}.h`);
    writeFileSync(file, archDependent(seed));
    assertSharingChangesNothing(file);
  }
});

test('damaged items are parsed on every ABI (no sharing of findings that depend on the one before)', () => {
  const file = join(dir, 'damaged.h');
  writeFileSync(
    file,
    `struct a { int x; };\nstruct b { int y };\nstruct b { int y };\n}\nstruct c { T z; };\n`,
  );
  assertSharingChangesNothing(file);
});

/** An include tree whose headers expand differently per ABI, through macros and #include_next. */
function archIncludes(seed: number): string {
  const root = join(dir, `tree-${seed}`);
  for (const d of ['inc/sub', 'inc/next']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(
    join(root, 'inc/sub/width.h'),
    `#ifdef __x86_64__\n#define WIDTH ${seed}\n#elif defined(__s390x__)\n#define WIDTH (${seed} + 1)\n#endif\n#ifndef WIDTH\n#define WIDTH 3\n#endif\n#include_next <width.h>\n`,
  );
  writeFileSync(
    join(root, 'inc/next/width.h'),
    `#if __SIZEOF_LONG__ == 8\ntypedef long wide_t;\n#else\ntypedef long long wide_t;\n#endif\n`,
  );
  writeFileSync(join(root, 'inc/plain.h'), `struct plain_${seed} { char c[WIDTH]; wide_t w; };\n`);
  const main = join(root, 'main.h');
  writeFileSync(
    main,
    `#include <width.h>\n#include "inc/plain.h"\n#include <linux/types.h>\nstruct top { __u32 a[WIDTH]; };\n`,
  );
  return main;
}

test('included files that expand differently per ABI model the same with and without sharing', () => {
  for (let seed = 1; seed <= 6; seed++) {
    const main = archIncludes(seed);
    const root = join(dir, `tree-${seed}`);
    const build = (shared: boolean) => {
      const caches: HeaderModelCache[] = [];
      return ABIS.map((abi) => {
        const cache = createHeaderModelCache(shared ? caches[0] : undefined);
        caches.push(cache);
        const includeDirs = [join(root, 'inc/sub'), join(root, 'inc/next')];
        const m = buildHeaderModelSync({ files: [main], abi, cache, includeDirs, abiCount: ABIS.length });
        return [
          abi.name,
          m.unit.text,
          renderUnit(m.ast),
          m.diagnostics.map((d) => d.message).join('\n'),
          JSON.stringify(toLayoutJson(m.allRecords(), abi.name)),
        ].join('\n');
      });
    };
    const a = build(true);
    const b = build(false);
    a.forEach((s, i) => assert.equal(s, b[i], `tree ${seed} on ${ABIS[i].name}`));
  }
});

const UAPI = '/usr/include/linux';

test('a sample of installed UAPI headers models the same with and without sharing', (t) => {
  if (!existsSync(join(UAPI, 'vfio.h'))) {
    if (process.env.CI === 'true') assert.fail('linux-libc-dev is not installed');
    t.skip('linux-libc-dev is not installed');
    return;
  }
  const headers = readdirSync(UAPI)
    .filter((f) => f.endsWith('.h'))
    .sort()
    .filter((_, i) => i % 25 === 0);
  for (const h of ['vfio.h', 'types.h', ...headers]) assertSharingChangesNothing(join(UAPI, h));
});
