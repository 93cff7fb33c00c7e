// runChecks and checkFiles as entry points: scope (UAPI paths only unless
// forced), only/disable filters, a crashing check becoming one diagnostic,
// bad input never throwing, and the exact text of the padding quick fix.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { checkFiles, runChecks } from '../../../src/core/checks/run';
import { CHECKS, CHECK_INTERNAL_ERROR } from '../../../src/core/checks/registry';
import { isUapiPath } from '../../../src/core/analysis/scope';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import type { FileHost } from '../../../src/core/host/types';
import type { Check, CheckContext } from '../../../src/core/checks/types';
import { buildHeaderModel } from '../../../src/core/model/header-model';
import { getAbi } from '../../../src/core/abi/index';
import { systemHeadersSkip } from '../../system-headers';

const HOLE = '#include <linux/types.h>\nstruct s {\n\t__u32\ta;\n\t__aligned_u64\tb;\n};\n';

function memoryHost(files: Record<string, string>): FileHost {
  return {
    readFile: (p) =>
      files[p] ?? (p.startsWith('/usr/include/') && existsSync(p) ? readFileSync(p, 'utf8') : undefined),
    fileExists: (p) => p in files || (p.startsWith('/usr/include/') && existsSync(p)),
    // The ABI's asm directory is looked up through the host too.
    stat: (p) =>
      p in files
        ? { kind: 'file', size: files[p].length }
        : p.startsWith('/usr/include/')
          ? nodeFileHost.stat?.(p)
          : undefined,
  };
}

describe('scope', { skip: systemHeadersSkip() }, () => {
  test('UAPI paths: include/uapi, arch uapi, installed headers; not kernel-internal or random files', () => {
    assert.equal(isUapiPath('/src/linux/include/uapi/linux/vfio.h'), true);
    assert.equal(isUapiPath('/src/linux/arch/s390/include/uapi/asm/foo.h'), true);
    assert.equal(isUapiPath('/usr/include/linux/vfio.h'), true);
    assert.equal(isUapiPath('/home/me/project/foo.h'), false);
    assert.equal(isUapiPath('/home/dev/kpw/test/fixtures/checks/uapi-bitfield/ccdf.h'), false);
  });

  test('a header outside UAPI paths stays quiet unless forceUapi', async () => {
    const file = '/tmp/kpw-scope/s.h';
    const host = memoryHost({ [file]: HOLE });
    const quiet = await checkFiles({ files: [file], host, abis: ['x86_64'], includeDirs: ['/usr/include'] });
    assert.deepEqual(
      quiet.filter((d) => d.code.startsWith('uapi-')),
      [],
    );
    assert.deepEqual(
      quiet.filter((d) => d.code === 'not-uapi-header').map((d) => [d.severity, d.file]),
      [['info', file]],
      'one note says why, naming the setting',
    );
    const forced = await checkFiles({
      files: [file],
      host,
      abis: ['x86_64'],
      includeDirs: ['/usr/include'],
      forceUapi: true,
    });
    assert.deepEqual(
      forced.map((d) => d.code),
      ['uapi-implicit-hole'],
    );
  });
});

describe('runChecks', { skip: systemHeadersSkip() }, () => {
  test("the quick fix inserts `\\t__u32\\tpad;` on the line after the member, in the struct's style", async () => {
    const file = '/tmp/kpw-fix/include/uapi/linux/s.h';
    const ds = await checkFiles({
      files: [file],
      host: memoryHost({ [file]: HOLE }),
      abis: ['x86_64', 'i386'],
      includeDirs: ['/usr/include'],
    });
    const hole = ds.find((d) => d.code === 'uapi-implicit-hole');
    assert.ok(hole);
    assert.match(hole.message, /4-byte hole at offset 4 on x86_64 and i386 after 'a'/);
    assert.deepEqual(hole.fixes?.[0].edits, [
      {
        file,
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
        newText: '\t__u32\tpad;\n',
      },
    ]);
  });

  test('only/disable filter codes; a crashing check becomes one diagnostic and the others still run', async () => {
    const file = '/tmp/kpw-run/include/uapi/linux/s.h';
    const host = memoryHost({ [file]: HOLE });
    const model = await buildHeaderModel({
      files: [file],
      abi: getAbi('x86_64')!,
      host,
      includeDirs: ['/usr/include'],
    });
    const ctx: CheckContext = { models: [model], files: [file], workspace: { host } };
    assert.deepEqual(
      runChecks(ctx, { only: ['uapi-implicit-hole'] }).map((d) => d.code),
      ['uapi-implicit-hole'],
    );
    assert.deepEqual(runChecks(ctx, { disable: ['uapi-implicit-hole'] }), []);
    const boom: Check = {
      id: 'boom',
      summary: 'throws',
      defaultSeverity: 'error',
      run: () => {
        throw new Error('kaboom');
      },
    };
    (CHECKS as Check[]).unshift(boom);
    try {
      const ds = runChecks(ctx);
      assert.deepEqual(
        ds.map((d) => d.code),
        [CHECK_INTERNAL_ERROR, 'uapi-implicit-hole'],
      );
      assert.match(ds[0].message, /check 'boom' failed: kaboom/);
    } finally {
      (CHECKS as Check[]).shift();
    }
  });

  test('bad input never throws: binary junk, a missing file, an unknown ABI, no models', async () => {
    const file = '/tmp/kpw-bad/include/uapi/linux/junk.h';
    const junk = await checkFiles({
      files: [file],
      host: memoryHost({ [file]: '\u0000\u0001struct { int' + '}'.repeat(5000) }),
      abis: ['x86_64'],
    });
    assert.ok(Array.isArray(junk));
    const missing = await checkFiles({
      files: ['/nonexistent/include/uapi/linux/x.h'],
      abis: ['x86_64', 'vax'],
    });
    assert.ok(missing.some((d) => d.message.includes("unknown ABI 'vax'")));
    assert.deepEqual(runChecks({ models: [], files: [], workspace: { host: memoryHost({}) } }), []);
  });
});
