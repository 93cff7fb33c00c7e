// Patch intake never writes: every fs function that creates, changes or
// removes files is trapped while patches are read, applied (onto frozen base
// images and onto a base tree on disk) and analyzed. Apply returns new lines
// and leaves its input untouched; the base tree is byte-for-byte unchanged.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  analyzeSeries,
  applyFilePatch,
  groupSeries,
  parseDiff,
  readPatchFile,
  type ImageLine,
} from '../../src/core/patch/index';
import { baseImage } from '../../src/core/patch/image-host';
import { initParser } from '../../src/core/parser/tree-sitter/tree-sitter';
import { UAPI_7_2 } from '../shared-fixtures';

const FIXTURES = join(__dirname, '..', 'fixtures');
const WRITERS = [
  'writeFileSync',
  'writeFile',
  'appendFileSync',
  'appendFile',
  'mkdirSync',
  'mkdir',
  'mkdtempSync',
  'mkdtemp',
  'rmSync',
  'rm',
  'rmdirSync',
  'rmdir',
  'unlinkSync',
  'unlink',
  'renameSync',
  'rename',
  'copyFileSync',
  'copyFile',
  'cpSync',
  'cp',
  'createWriteStream',
  'truncateSync',
  'truncate',
  'chmodSync',
  'chmod',
  'symlinkSync',
  'symlink',
  'linkSync',
  'link',
  'utimesSync',
  'utimes',
] as const;

/** Replaces fs's writers (callback, sync and promise forms) and write-mode opens with recorders that throw. */
function trapWrites(): { calls: string[]; restore(): void } {
  const calls: string[] = [];
  const saved: [object, string, unknown][] = [];
  const trap = (obj: Record<string, unknown>, name: string, label: string) => {
    if (typeof obj[name] !== 'function') return;
    saved.push([obj, name, obj[name]]);
    obj[name] = (...args: unknown[]) => {
      calls.push(`${label}(${String(args[0])})`);
      throw new Error(`write trapped: ${label}`);
    };
  };
  for (const name of WRITERS) {
    trap(fs as unknown as Record<string, unknown>, name, `fs.${name}`);
    trap(
      fs.promises as unknown as Record<string, unknown>,
      name.replace(/Sync$/, ''),
      `fs.promises.${name.replace(/Sync$/, '')}`,
    );
  }
  for (const [obj, name] of [
    [fs, 'openSync'],
    [fs, 'open'],
    [fs.promises, 'open'],
  ] as const) {
    const original = (obj as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
    saved.push([obj, name, original]);
    (obj as unknown as Record<string, unknown>)[name] = (
      path: unknown,
      flags: unknown,
      ...rest: unknown[]
    ) => {
      if (
        typeof flags === 'string'
          ? /[wa+]/.test(flags)
          : typeof flags === 'number' &&
            (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT)) !== 0
      ) {
        calls.push(`${name}(${String(path)}, ${String(flags)})`);
        throw new Error(`write trapped: ${name}`);
      }
      return original.call(obj, path, flags, ...rest);
    };
  }
  return {
    calls,
    restore: () =>
      saved.reverse().forEach(([obj, name, fn]) => ((obj as Record<string, unknown>)[name] = fn)),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function treeHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = join(d, name);
      const st = fs.statSync(full);
      h.update(`${full}:${st.mode}:${st.size}:${st.mtimeMs}\n`);
      if (st.isDirectory()) walk(full);
      else h.update(fs.readFileSync(full));
    }
  };
  walk(dir);
  return h.digest('hex');
}

interface ApplyCase {
  name: string;
  base: string | null;
  diff: string;
}

describe('patch intake with fs writes trapped', () => {
  let traps: ReturnType<typeof trapWrites>;
  before(async () => {
    await initParser();
    traps = trapWrites();
  });
  after(() => traps.restore());

  test('apply returns new lines and leaves a frozen base untouched (every apply case)', () => {
    const cases = JSON.parse(
      fs.readFileSync(join(FIXTURES, 'patch', 'apply-cases.json'), 'utf8'),
    ) as ApplyCase[];
    for (const c of cases) {
      const diff = parseDiff(
        c.diff.split('\n').map((text, i) => ({ text, origin: { line: i, character: 0 } })),
        'case.patch',
      );
      for (const fp of diff.files) {
        const base = c.base === null ? undefined : deepFreeze(baseImage(c.base));
        const before = JSON.stringify(base);
        const result = applyFilePatch(
          base as readonly ImageLine[] | undefined,
          deepFreeze(fp),
          0,
          'case.patch',
        );
        assert.equal(JSON.stringify(base), before, c.name);
        if (base && result.lines) assert.notEqual(result.lines, base, `${c.name}: a new array`);
      }
    }
    assert.deepEqual(traps.calls, []);
  });

  test('reading, grouping and analyzing series onto a base tree on disk writes nothing', async () => {
    const base = join(FIXTURES, 'kernel-tree');
    // A second base: Debian's 7.2.13 headers served as a kernel tree's include/uapi (read-only host).
    const virtualBase = '/kpw-virtual-base';
    const fromShared = (p: string) =>
      p.startsWith(`${virtualBase}/include/uapi/`)
        ? join(UAPI_7_2, p.slice(`${virtualBase}/include/uapi/`.length))
        : p;
    const host = {
      readFile: (p: string) =>
        fs.existsSync(fromShared(p)) && fs.statSync(fromShared(p)).isFile()
          ? fs.readFileSync(fromShared(p), 'utf8')
          : undefined,
      fileExists: (p: string) => fs.existsSync(fromShared(p)) && fs.statSync(fromShared(p)).isFile(),
    };
    const before = treeHash(base);
    const inputs = [
      'zpci-v13.mbox',
      'zpci-v11.mbox',
      'dma-buf-tph.patch',
      'truncated.patch',
      'malformed.mbox',
      'mime-qp.eml',
      'mime-multipart-base64.eml',
      'patchwork-api-2222859.txt',
      'series-499754.json',
      'binary.patch',
    ];
    let analyzed = 0;
    let applied = 0;
    for (const name of inputs) {
      const read = readPatchFile(join(FIXTURES, 'patch', name));
      for (const series of groupSeries(read.mails)) {
        for (const a of [
          await analyzeSeries(series, { base, abis: ['x86_64', 's390x'] }),
          await analyzeSeries(series, { base: virtualBase, host, abis: ['x86_64', 's390x'] }),
        ]) {
          analyzed += a.mails.length;
          applied += a.mails.flatMap((m) => m.headers).filter((h) => h.post && !h.partial).length;
        }
      }
    }
    assert.ok(analyzed > 10, `mails were analyzed (${analyzed})`);
    assert.ok(applied > 0, 'some header was applied onto a full base image');
    assert.deepEqual(traps.calls, [], 'no fs write was attempted');
    assert.equal(treeHash(base), before, 'the base tree is unchanged');
  });

  test('the trap works (this test would fail if writes went unnoticed)', () => {
    assert.throws(() => fs.writeFileSync('/nonexistent-kpw/x', 'x'), /write trapped/);
    assert.throws(() => fs.openSync('/nonexistent-kpw/x', 'w'), /write trapped/);
    assert.deepEqual(traps.calls.splice(0), [
      'fs.writeFileSync(/nonexistent-kpw/x)',
      'openSync(/nonexistent-kpw/x, w)',
    ]);
  });
});
