// The hosts the compat "before" side and the C-source hover read through
// (GitRefHost at a ref, textOverDisk over one buffer) must answer like the disk
// does: generated kernel-style trees whose headers include each other through
// include/uapi are modelled identically, and every path gets the same answers.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildHeaderModelSync, getAbi, type HeaderModel } from '../../../src/core/api/index';
import { GitRefHost } from '../../../src/core/api/target';
import { HostRefusal, nodeFileHost, statOf, type FileHost } from '../../../src/core/host/index';
import { textOverDisk } from '../../../server/src/overlay-host';
import { randomHeader } from '../../fuzz/gen/random-struct';
import { Rng } from '../../fuzz/engine/mutate';

const SEEDS = 12;
const ABI = getAbi('x86_64')!;

/** A tree of headers: the typedefs in linux/kpwgen_types.h, records in linux/ and linux/sub*, each including the typedefs. */
function generateTree(root: string, seed: number): string[] {
  const rng = new Rng(seed);
  const uapi = join(root, 'include/uapi');
  const types = join(uapi, 'linux/kpwgen_types.h');
  const files: string[] = [];
  for (let i = 0; i < SEEDS; i++) {
    const text = randomHeader(seed * 100 + i, 1 + rng.below(4));
    const cut = text.indexOf('\n\n', text.indexOf('enum fuzz_e')) + 2;
    if (i === 0) write(types, text.slice(0, cut));
    const sub = rng.chance(40) ? `sub${rng.below(3)}/` : '';
    const file = join(uapi, `linux/${sub}kpwgen_${i}.h`);
    write(file, `#include <linux/kpwgen_types.h>\n\n${text.slice(cut)}`);
    if (rng.chance(20)) chmodSync(file, 0o755);
    files.push(file);
  }
  // Never served at a ref: a link (git stores its target as a blob) and a directory read as a file.
  symlinkSync('kpwgen_0.h', join(uapi, 'linux/kpwgen_link.h'));
  return files;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function summary(m: HeaderModel): unknown {
  return {
    records: m.mainRecords().map((r) => [r.kind, r.name, r.size, r.align, !!r.incomplete]),
    diagnostics: m.diagnostics.map((d) => `${d.code}: ${d.message}`),
    includes: m.unit.includes.map((i) => i.resolved),
  };
}

const model = (file: string, host: FileHost): unknown =>
  summary(buildHeaderModelSync({ files: [file], abi: ABI, host }));

/** Every question a FileHost answers, for one path (refusals as their reason). */
function answers(host: FileHost, path: string): unknown {
  const read = (): unknown => {
    try {
      return host.readFile(path);
    } catch (e) {
      return e instanceof HostRefusal ? `refused:${e.reason}` : `threw:${(e as Error).message}`;
    }
  };
  return {
    stat: statOf(host, path)?.kind,
    exists: host.fileExists(path),
    list: host.listDir?.(path)?.map((e) => `${e.name}:${e.kind}`),
    real: host.realpath?.(path),
    text: read(),
  };
}

for (const seed of [1, 2, 3]) {
  describe(`hosts agree with the disk (generated tree, seed ${seed})`, () => {
    let root: string;
    let files: string[];
    const committed = new Map<string, unknown>();

    before(() => {
      root = realpathSync(mkdtempSync(join(tmpdir(), 'kpw-ref-hosts-')));
      files = generateTree(root, seed);
      const git = (...a: string[]): string => execFileSync('git', ['-C', root, ...a], { encoding: 'utf8' });
      git('init', '-q');
      git('add', '-A');
      git('-c', 'user.email=kpw@example.org', '-c', 'user.name=kpw', 'commit', '-qm', 'base');
      for (const f of files) committed.set(f, model(f, nodeFileHost));
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    test('every header is laid out through its include/uapi include', () => {
      for (const f of files) {
        const s = committed.get(f) as { records: unknown[][]; includes: unknown[] };
        assert.ok(s.includes[0], `${f}: <linux/kpwgen_types.h> not found`);
        assert.ok(s.records.length > 0 && s.records.every((r) => r[4] === false), JSON.stringify(s));
      }
    });

    test('GitRefHost at HEAD answers every path as the clean work tree does', () => {
      const host = new GitRefHost(root, 'HEAD');
      const uapi = join(root, 'include/uapi');
      const paths = [
        root,
        join(root, 'include'),
        uapi,
        join(uapi, 'linux'),
        join(uapi, 'linux/sub0'),
        join(uapi, 'linux/missing.h'),
        join(root, 'nowhere/at/all.h'),
        ...files,
      ];
      for (const p of paths) assert.deepEqual(answers(host, p), answers(nodeFileHost, p), p);
      for (const f of files) assert.deepEqual(model(f, host), committed.get(f), f);
    });

    test('textOverDisk over a header: the same model as the disk, the buffer for that one file', () => {
      for (const f of files) {
        const text = nodeFileHost.readFile(f) ?? '';
        assert.deepEqual(model(f, textOverDisk(f, text)), committed.get(f), f);
      }
    });

    test('after the work tree changes, GitRefHost still models the committed headers; links and directories are refused', () => {
      write(join(root, 'include/uapi/linux/kpwgen_types.h'), 'typedef char __u32;\n');
      for (const f of files) write(f, '#error changed\n');
      const host = new GitRefHost(root, 'HEAD');
      for (const f of files) assert.deepEqual(model(f, host), committed.get(f), f);
      const read = (p: string): unknown => {
        try {
          return host.readFile(p);
        } catch (e) {
          return e instanceof HostRefusal ? e.reason : e;
        }
      };
      assert.equal(read(join(root, 'include/uapi/linux/kpwgen_link.h')), 'not-regular');
      assert.equal(read(join(root, 'include/uapi/linux')), 'not-regular');
    });
  });
}
