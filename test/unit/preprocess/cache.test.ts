// The include cache: a reused file effect must give exactly the output of a
// fresh run, and must not be reused when a macro it looked up from outside
// (found or not found), a file version, or an include resolution changed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPreprocessCache, preprocess } from '../../../src/core/preprocess/preprocess';
import type { ExpandedUnit, PreprocessOptions } from '../../../src/core/preprocess/types';
import type { FileHost } from '../../../src/core/host/types';
import { HAVE_UAPI, memoryHost, SYSTEM_INCLUDE } from './helpers';

/** What a consumer sees of a unit, comparable with deepEqual. */
function summary(u: ExpandedUnit) {
  const locs = [0, 0.25, 0.5, 0.75, 0.99].map((f) => {
    const o = Math.floor(u.text.length * f);
    const l = u.map.locate(o, o + 1);
    return `${l.file}:${l.range.start.line}:${l.range.start.character}`;
  });
  return {
    text: u.text,
    macros: [...u.macros].map(([n, m]) => `${n}=${m.bodyText}`).sort(),
    includes: u.includes.map((i) => `${i.fromFile}>${i.resolved}`),
    files: u.files,
    diagnostics: u.diagnostics.map((d) => d.message),
    locs,
  };
}

function both(main: string[], host: FileHost, options: PreprocessOptions) {
  return {
    cached: preprocess(main, host, options),
    fresh: preprocess(main, host, { ...options, cache: undefined }),
  };
}

test('reuse gives the same result as a fresh run', () => {
  const host = memoryHost({
    '/m.h': '#include "a.h"\nint main_x;\n',
    '/inc/a.h':
      '#ifndef A\n#define A\n#include "b.h"\nstruct a { T x; };\n#define ADD(x) ((x) + B)\n#endif\n',
    '/inc/b.h': '#define B 2\ntypedef int T;\n',
  });
  const cache = createPreprocessCache();
  const options = { includeDirs: ['/inc'], predefined: {}, cache };
  const first = preprocess(['/m.h'], host, options);
  host.files['/m.h'] = '#include "a.h"\nint main_y;\n';
  host.reads.length = 0;
  const { cached, fresh } = both(['/m.h'], host, options);
  assert.deepEqual(summary(cached), summary(fresh));
  assert.notDeepEqual(summary(first).text, summary(cached).text);
  // The second run re-read only the edited main file (plus the uncached comparison run).
  assert.deepEqual(host.reads.slice(0, 1), ['/m.h']);
  assert.equal(host.reads.filter((p) => p === '/inc/a.h').length, 1);
});

test('a lookup that found nothing (#ifdef __KERNEL__) invalidates when the macro appears', () => {
  const files = {
    '/m.h': '#include "k.h"\n',
    '/inc/k.h': '#ifdef __KERNEL__\nkernel_only\n#else\nuser_only\n#endif\n',
  };
  const host = memoryHost(files);
  const cache = createPreprocessCache();
  const options = { includeDirs: ['/inc'], predefined: {}, cache };
  assert.match(preprocess(['/m.h'], host, options).text, /user_only/);
  files['/m.h'] = '#define __KERNEL__\n#include "k.h"\n';
  const { cached, fresh } = both(['/m.h'], host, options);
  assert.match(cached.text, /kernel_only/);
  assert.deepEqual(summary(cached), summary(fresh));
});

test('a macro value used in text invalidates when it changes; unrelated macros do not', () => {
  const files = { '/m.h': '#define T int\n#include "u.h"\n', '/inc/u.h': 'struct u { T x; };\n' };
  const host = memoryHost(files);
  const cache = createPreprocessCache();
  const options = { includeDirs: ['/inc'], predefined: {}, cache };
  preprocess(['/m.h'], host, options);
  files['/m.h'] = '#define T int\n#define UNRELATED 1\n#include "u.h"\n';
  host.reads.length = 0;
  assert.match(preprocess(['/m.h'], host, options).text, /struct u \{ int x; \}/);
  assert.deepEqual(host.reads, ['/m.h']);
  files['/m.h'] = '#define T long\n#include "u.h"\n';
  const { cached, fresh } = both(['/m.h'], host, options);
  assert.match(cached.text, /struct u \{ long x; \}/);
  assert.deepEqual(summary(cached), summary(fresh));
});

test('an edited nested include invalidates its includers', () => {
  const files = { '/m.h': '#include "a.h"\n', '/inc/a.h': '#include "b.h"\nA\n', '/inc/b.h': 'B1\n' };
  const host = memoryHost(files);
  const cache = createPreprocessCache();
  const options = { includeDirs: ['/inc'], predefined: {}, cache };
  preprocess(['/m.h'], host, options);
  files['/inc/b.h'] = 'B2\n';
  const { cached, fresh } = both(['/m.h'], host, options);
  assert.match(cached.text, /B2/);
  assert.deepEqual(summary(cached), summary(fresh));
});

test('a new file earlier in the include path changes resolution', () => {
  const files: Record<string, string> = {
    '/m.h': '#include "a.h"\n',
    '/inc/a.h': '#include <c.h>\n',
    '/inc2/c.h': 'C2\n',
  };
  const host = memoryHost(files);
  const cache = createPreprocessCache();
  const options = { includeDirs: ['/inc', '/inc2'], predefined: {}, cache };
  assert.match(preprocess(['/m.h'], host, options).text, /C2/);
  files['/inc/c.h'] = 'C1\n';
  const { cached, fresh } = both(['/m.h'], host, options);
  assert.match(cached.text, /C1/);
  assert.deepEqual(summary(cached), summary(fresh));
});

test(
  'vfio.h after a one-character edit: cached run equals a fresh run',
  { skip: !HAVE_UAPI && 'no UAPI headers' },
  () => {
    const original = readFileSync('/usr/include/linux/vfio.h', 'utf8');
    const files = { '/usr/include/linux/vfio.h': original };
    const host = memoryHost(files, true);
    const cache = createPreprocessCache();
    const options = { includeDirs: SYSTEM_INCLUDE, predefined: { __x86_64__: '1' }, cache };
    preprocess(['/usr/include/linux/vfio.h'], host, options);
    files['/usr/include/linux/vfio.h'] = original.replace('__u32\tflags;', '__u32\tflagz;');
    const { cached, fresh } = both(['/usr/include/linux/vfio.h'], host, options);
    assert.match(cached.text, /flagz/);
    assert.deepEqual(summary(cached), summary(fresh));
  },
);
