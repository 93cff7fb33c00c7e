// Tests on the host's real UAPI headers (skipped when they are not installed):
// vfio.h's __aligned_u64 members, _IO() evaluation, and the macro table after
// preprocessing compared with `gcc -E -dM` (which checks every #if decision).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { preprocess, nodeFileHost, GNU_KEYWORD_MACROS } from '../../../src/core/preprocess/preprocess';
import { evaluateWithMacros, expandWithMacros } from '../../../src/core/preprocess/expand-text';
import { lexTokens } from '../../../src/core/preprocess/lexer';
import type { MacroDef } from '../../../src/core/preprocess/types';
import { gccIncludeDirs, gccMacros, haveGcc, HAVE_UAPI, memoryHost, SYSTEM_INCLUDE } from './helpers';

const skip = HAVE_UAPI ? false : 'UAPI headers not installed (/usr/include/linux)';
const VFIO = '/usr/include/linux/vfio.h';

test('vfio.h expands __aligned_u64 members to __u64 __attribute__((aligned(8)))', { skip }, () => {
  const unit = preprocess([VFIO], nodeFileHost, { includeDirs: SYSTEM_INCLUDE, predefined: {} });
  assert.deepEqual(unit.diagnostics, []);
  const source = readFileSync(VFIO, 'utf8');
  const structs = [...source.matchAll(/^struct (\w+) \{\n((?:.*\n)*?)\};/gm)].filter((m) =>
    m[2].includes('__aligned_u64'),
  );
  assert.ok(structs.length > 0, 'vfio.h has structs with __aligned_u64 members');
  for (const [, name, body] of structs) {
    const at = unit.text.indexOf(`struct ${name} {`);
    assert.ok(at >= 0, `struct ${name} in the output`);
    const expanded = unit.text.slice(at, unit.text.indexOf('};', at));
    assert.ok(!expanded.includes('__aligned_u64'), `${name}: __aligned_u64 expanded`);
    const count = (s: string, w: string) => s.split(w).length - 1;
    assert.equal(count(expanded, '__u64 __attribute__((aligned(8)))'), count(body, '__aligned_u64'), name);
  }
  assert.ok(unit.files.includes('/usr/include/linux/types.h'));
  assert.equal(unit.files[0], VFIO);
});

test('_IO(VFIO_TYPE, VFIO_BASE + 17) evaluates to 0x3b75 with asm-generic/ioctl.h', { skip }, () => {
  const unit = preprocess([VFIO], nodeFileHost, { includeDirs: SYSTEM_INCLUDE, predefined: {} });
  const r = evaluateWithMacros('_IO(VFIO_TYPE, VFIO_BASE + 17)', unit.macros, { mode: 'pp' });
  assert.deepEqual(r, { ok: true, value: 0x3b75n, unsigned: true });
  const text = expandWithMacros(lexTokens('_IO(VFIO_TYPE, VFIO_BASE + 17)'), unit.macros).text;
  assert.ok(!/_IO|VFIO_/.test(text), text);
  // Every VFIO_* ioctl number defined with _IO(...) evaluates.
  const ioctls = [...unit.macros.values()].filter((m: MacroDef) => /^_IO\(VFIO_TYPE/.test(m.bodyText));
  assert.ok(ioctls.length > 20);
  for (const m of ioctls) {
    const v = evaluateWithMacros(m.name, unit.macros, { mode: 'pp' });
    assert.ok(v.ok && v.value >> 8n === 0x3bn, `${m.name} = ${m.bodyText}`);
  }
});

test('_IOR with a char constant type and sizeof(struct) evaluates when sizeof is known', { skip }, () => {
  const unit = preprocess(['/usr/include/asm-generic/ioctl.h'], nodeFileHost, {
    includeDirs: SYSTEM_INCLUDE,
    predefined: {},
  });
  const r = evaluateWithMacros("_IOR(';', 100 + 1, struct foo)", unit.macros, {
    mode: 'pp',
    sizeof: () => 8,
  });
  assert.deepEqual(r, { ok: true, value: (2n << 30n) | (8n << 16n) | (0x3bn << 8n) | 101n, unsigned: true });
  const unknown = evaluateWithMacros("_IOR(';', 1, struct foo)", unit.macros, { mode: 'pp' });
  assert.equal(unknown.ok, false);
});

const GCC_HEADERS = [
  'linux/vfio.h',
  'linux/types.h',
  'asm-generic/ioctl.h',
  'linux/ip.h',
  'linux/eventpoll.h',
  'linux/atmapi.h',
  'linux/bpf.h',
  'linux/if_ether.h',
  'linux/byteorder/little_endian.h',
  'linux/fs.h',
  'linux/input.h',
  'linux/ethtool.h',
];

test(
  'macro table after the headers equals gcc -E -dM (same #if decisions)',
  { skip: skip || (!haveGcc() && 'gcc not installed') },
  () => {
    const source = GCC_HEADERS.map((h) => `#include <${h}>`).join('\n') + '\n';
    const builtins = gccMacros('');
    const gcc = gccMacros(source);
    const predefined = Object.fromEntries([...builtins].filter(([, v]) => !v.startsWith('(')));
    const host = memoryHost({ '/virtual/main.c': source }, true);
    const unit = preprocess(['/virtual/main.c'], host, { includeDirs: gccIncludeDirs(), predefined });
    assert.deepEqual(
      unit.diagnostics.map((d) => `${d.file}:${d.range.start.line + 1}: ${d.message}`),
      [],
    );
    const ours = new Map<string, string>();
    for (const [name, m] of unit.macros) {
      if (name in GNU_KEYWORD_MACROS && !gcc.has(name)) continue;
      const params = m.params
        ? `(${m.params.map((p) => (p === m.variadic ? (p === '__VA_ARGS__' ? '...' : `${p}...`) : p)).join(',')})`
        : '';
      ours.set(
        name,
        `${params} ${lexTokens(m.bodyText)
          .map((t) => t.text)
          .join(' ')}`.trim(),
      );
    }
    const norm = (v: string) => {
      const paren = /^\(([^)]*)\)/.exec(v);
      const params = paren ? `(${paren[1].replace(/\s+/g, '')})` : '';
      return `${params} ${lexTokens(paren ? v.slice(paren[0].length) : v)
        .map((t) => t.text)
        .join(' ')}`.trim();
    };
    const missing = [...gcc.keys()].filter(
      (n) =>
        (!ours.has(n) && !builtins.has(n)) ||
        (builtins.has(n) && !ours.has(n) && !gcc.get(n)!.startsWith('(')),
    );
    const extra = [...ours.keys()].filter((n) => !gcc.has(n));
    const differ = [...gcc]
      .filter(([n, v]) => ours.has(n) && norm(v) !== norm(ours.get(n)!))
      .map(([n, v]) => `${n}: gcc '${v}' ours '${ours.get(n)}'`);
    assert.deepEqual({ missing, extra, differ: differ.slice(0, 20) }, { missing: [], extra: [], differ: [] });
    assert.ok(gcc.size > 3000, `compared ${gcc.size} macros`);
  },
);
