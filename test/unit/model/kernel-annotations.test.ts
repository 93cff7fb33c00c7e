// The kernel's standard annotations an older <linux/stddef.h> lacks are known to kpw: generated
// headers put random ones (and unknown `__names`) after random members; whatever the mix, a
// model has exactly one kernel-annotation-fallback note naming each with its count, no
// unknown-annotation warning for them, and the same layout as the header without annotations.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { getAbi } from '../../../src/core/abi/index';
import { DiagCode } from '../../../src/core/diag/codes';
import { buildHeaderModelSync } from '../../../src/core/model/header-model';
import { KERNEL_ANNOTATIONS } from '../../../src/core/parser/recovery/parse-annotation';
import { initParser } from '../../../src/core/parser/tree-sitter/tree-sitter';
import type { FileHost } from '../../../src/core/preprocess/types';

before(() => initParser());

const FILE = '/tree/include/uapi/linux/gen.h';
const KNOWN = [...KERNEL_ANNOTATIONS.keys()];

function host(text: string): FileHost {
  return { readFile: (p) => (p === FILE ? text : undefined), fileExists: (p) => p === FILE };
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function generate(seed: number): {
  annotated: string;
  plain: string;
  counts: Map<string, number>;
  unknown: number;
} {
  const r = rng(seed);
  const counts = new Map<string, number>();
  let unknown = 0;
  const annotated: string[] = ['typedef unsigned int __u32;', 'typedef unsigned long long __u64;'];
  const plain = [...annotated];
  for (let s = 0; s < 1 + Math.floor(r() * 3); s++) {
    annotated.push(`struct s${s} {`);
    plain.push(`struct s${s} {`);
    const members = 1 + Math.floor(r() * 6);
    for (let m = 0; m < members; m++) {
      const type = r() < 0.5 ? '__u32' : '__u64';
      const decl = r() < 0.3 ? `${type} m${m}[4]` : `${type} m${m}`;
      let notes = '';
      if (r() < 0.6) {
        const name = KNOWN[Math.floor(r() * KNOWN.length)];
        counts.set(name, (counts.get(name) ?? 0) + 1);
        notes += name.startsWith('__counted_by') ? ` ${name}(m0)` : ` ${name}`;
      }
      if (r() < 0.15) {
        unknown++;
        notes += ' __not_a_kernel_annotation';
      }
      annotated.push(`\t${decl}${notes};`);
      plain.push(`\t${decl};`);
    }
    annotated.push('};');
    plain.push('};');
  }
  return { annotated: annotated.join('\n') + '\n', plain: plain.join('\n') + '\n', counts, unknown };
}

test('generated headers: one note per model naming every kernel annotation, layouts unchanged', () => {
  const abi = getAbi('x86_64')!;
  for (let seed = 1; seed <= 150; seed++) {
    const g = generate(seed);
    const model = buildHeaderModelSync({ files: [FILE], abi, host: host(g.annotated) });
    const plainModel = buildHeaderModelSync({ files: [FILE], abi, host: host(g.plain) });
    const notes = model.diagnostics.filter((d) => d.code === DiagCode.kernelAnnotation);
    const warnings = model.diagnostics.filter((d) => d.code === DiagCode.unknownAnnotation);
    const ctx = `seed ${seed}:\n${g.annotated}`;
    assert.equal(notes.length, g.counts.size ? 1 : 0, ctx);
    assert.equal(warnings.length, g.unknown, `only unknown names warn; ${ctx}`);
    if (notes.length) {
      assert.equal(notes[0].severity, 'info');
      for (const [name, n] of g.counts)
        assert.ok(
          notes[0].message.includes(n > 1 ? `${name} (${n} uses)` : `${name},`) ||
            notes[0].message.includes(`${name};`),
          `${name} x${n} in: ${notes[0].message}; ${ctx}`,
        );
      const total = [...g.counts.values()].reduce((a, b) => a + b, 0);
      assert.equal(1 + (notes[0].related?.length ?? 0), total, `every use is a location; ${ctx}`);
    }
    const sizes = (m: typeof model) => m.mainRecords().map((rec) => [rec.name, rec.size, rec.align]);
    assert.deepEqual(sizes(model), sizes(plainModel), ctx);
  }
});
