// Engine behavior beyond what gcc fixtures show: the JSON contract, bitfield
// storage units, diagnostics for bad input, redefinitions, evaluation of
// sizeof/offsetof/enumerators, memoization and type spellings.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getAbi } from '../../../src/core/abi/index';
import {
  TypeEnv,
  allRecordLayouts,
  evalEnvFor,
  layoutRecord,
  typeName,
} from '../../../src/core/layout/index';
import { toLayoutJson } from '../../../src/core/layout/json';
import { evaluate } from '../../../src/core/expr/evaluate';
import { at, envOf, field, int, struct, u32, unitOf } from './helpers/build';
import { initParser } from '../../../src/core/parser/index';

const x86 = getAbi('x86_64')!;
const i386 = getAbi('i386')!;
const s390x = getAbi('s390x')!;

before(() => initParser());

describe('layout engine', () => {
  test('toLayoutJson has exactly the documented shape', () => {
    const env = envOf(`typedef unsigned int __u32;
struct s { __u32 a; __u32 b:4; __u32 c:4; union { __u32 u; char v; }; char flex[]; };
typedef struct { char x; } anon_t;`);
    const json = toLayoutJson(allRecordLayouts(env, s390x), 's390x');
    assert.equal(
      JSON.stringify(json),
      JSON.stringify({
        abi: 's390x',
        types: {
          s: {
            kind: 'struct',
            size: 12,
            align: 4,
            file: 'test.h',
            line: 2,
            fields: [
              { name: 'a', offset: 0, size: 4 },
              { name: 'b', offset: 4, size: 4, bitOffset: 32, bitSize: 4 },
              { name: 'c', offset: 4, size: 4, bitOffset: 36, bitSize: 4 },
              { name: 'u', offset: 8, size: 4 },
              { name: 'v', offset: 8, size: 1 },
              { name: 'flex', offset: 12, size: null },
            ],
          },
          anon_t: {
            kind: 'struct',
            size: 1,
            align: 1,
            file: 'test.h',
            line: 3,
            fields: [{ name: 'x', offset: 0, size: 1 }],
          },
        },
      }),
    );
  });

  test('a packed bitfield straddling its unit reports the byte it starts in', () => {
    const env = envOf('struct p { char c; unsigned int a:30; unsigned int b:4; } __attribute__((packed));');
    const l = layoutRecord(env, x86, 'p')!;
    assert.deepEqual(
      l.fields.map((f) => [f.name, f.offset, f.bitOffset]),
      [
        ['c', 0, undefined],
        ['a', 1, 8],
        ['b', 4, 38],
      ],
    );
  });

  test('an unknown member type is a layout-error on that member, never a throw', () => {
    const env = envOf('struct ok { int a; };\nstruct bad {\n  int a;\n  struct missing m;\n  int after;\n};');
    const l = layoutRecord(env, x86, 'bad')!;
    assert.equal(l.incomplete, true);
    assert.deepEqual(
      l.members.map((m) => m.name),
      ['a'],
    );
    assert.equal(l.diagnostics.length, 1);
    assert.equal(l.diagnostics[0].code, 'layout-error');
    assert.equal(l.diagnostics[0].range.start.line, 3);
    assert.match(l.diagnostics[0].message, /incomplete type 'struct missing'/);
    assert.equal(toLayoutJson([l], 'x86_64').types.bad.incomplete, true);
  });

  test('self-containing records and typedef cycles end with diagnostics', () => {
    const self = struct('loop', []);
    self.fields!.push(field('me', { kind: 'record-ref', tag: 'struct', name: 'loop' }));
    const env = new TypeEnv({
      decls: [
        { kind: 'record', decl: self },
        {
          kind: 'typedef',
          decl: { name: 'ta', type: { kind: 'typedef-ref', name: 'tb' }, attributes: [], loc: at(1) },
        },
        {
          kind: 'typedef',
          decl: { name: 'tb', type: { kind: 'typedef-ref', name: 'ta' }, attributes: [], loc: at(2) },
        },
        { kind: 'record', decl: struct('uses', [field('x', { kind: 'typedef-ref', name: 'ta' })]) },
      ],
      diagnostics: [],
    });
    assert.match(layoutRecord(env, x86, 'loop')!.diagnostics[0].message, /contains itself/);
    assert.match(layoutRecord(env, x86, 'uses')!.diagnostics[0].message, /too deep/);
  });

  test('bad widths, void members and __int128 on i386 are diagnosed', () => {
    const env = envOf(
      'struct w { int a:33; };\nstruct v { void x; };\nstruct i { __int128 q; };\nstruct z { int n:0; };',
    );
    assert.match(layoutRecord(env, x86, 'w')!.diagnostics[0].message, /exceeds its type/);
    assert.match(layoutRecord(env, x86, 'v')!.diagnostics[0].message, /void/);
    assert.match(layoutRecord(env, i386, 'i')!.diagnostics[0].message, /not supported on i386/);
    assert.equal(layoutRecord(env, x86, 'i')!.size, 16);
    assert.match(layoutRecord(env, x86, 'z')!.diagnostics[0].message, /zero width/);
  });

  test('a different redefinition is reported and the last one wins; an identical one is not', () => {
    const first = struct('r', [field('a', u32)], { loc: at(1) });
    const same = struct('r', [field('a', u32)], { loc: at(5) });
    const other = struct('r', [field('a', u32), field('b', u32)], { loc: at(9) });
    assert.equal(new TypeEnv([unitOf(first), unitOf(same)]).diagnostics.length, 0);
    const env = new TypeEnv(unitOf(first, other));
    assert.equal(env.diagnostics.length, 1);
    assert.equal(env.diagnostics[0].code, 'redefinition');
    assert.equal(env.diagnostics[0].range.start.line, 9);
    assert.equal(layoutRecord(env, x86, 'r')!.size, 8);
  });

  test('records defined inside other declarations are found by tag', () => {
    const env = envOf(
      'struct outer { struct inner { int x; long y; } i; union { struct deep { char c; } d; }; };',
    );
    assert.equal(layoutRecord(env, x86, 'inner')!.size, 16);
    assert.equal(layoutRecord(env, x86, 'struct deep')!.size, 1);
    assert.deepEqual(
      allRecordLayouts(env, x86).map((l) => l.name),
      ['inner', 'deep', 'outer'],
    );
  });

  test('the EvalEnv answers sizeof, _Alignof, offsetof and enumerators per ABI', () => {
    const env = envOf(`typedef unsigned long long __u64;
struct h { int a; __u64 b; struct { char c[3]; short d; } n[2]; };
enum { E_ONE = sizeof(struct h) / 4, E_TWO };`);
    const ev = (e: Parameters<typeof evaluate>[0], abi = x86) => {
      const r = evaluate(e, evalEnvFor(env, abi));
      return r.ok ? Number(r.value) : r.error;
    };
    const h = { kind: 'record-ref', tag: 'struct', name: 'h' } as const;
    assert.equal(ev({ kind: 'sizeof-type', type: h }), 32);
    assert.equal(ev({ kind: 'sizeof-type', type: h }, i386), 24);
    assert.equal(ev({ kind: 'alignof', type: { kind: 'typedef-ref', name: '__u64' } }, i386), 4);
    assert.equal(ev({ kind: 'offsetof', type: h, member: ['b'] }, i386), 4);
    assert.equal(ev({ kind: 'offsetof', type: h, member: ['n[1]', 'd'] }), 16 + 6 + 4);
    assert.equal(ev({ kind: 'ident', name: 'E_TWO' }), 9);
    assert.equal(ev({ kind: 'ident', name: 'E_TWO' }, i386), 7);
    assert.match(String(ev({ kind: 'offsetof', type: h, member: ['nope'] })), /not known/);
  });

  test('layouts are memoized per env and ABI', () => {
    const env = envOf('struct m { int a; };');
    assert.equal(layoutRecord(env, x86, 'm'), layoutRecord(env, x86, 'struct m'));
    assert.notEqual(layoutRecord(env, x86, 'm'), layoutRecord(env, i386, 'm'));
    assert.equal(layoutRecord(env, x86, 'union m'), undefined);
  });

  test('array lengths are evaluated in type names', () => {
    const env = envOf(`typedef unsigned char __u8;
struct t { __u8 pad[sizeof(int) * 7]; void *p; int (*fn)(void); struct t *next; enum e { A } k; int m[2][3]; };`);
    const l = layoutRecord(env, x86, 't')!;
    assert.deepEqual(
      l.members.map((m) => m.typeName),
      ['__u8[28]', 'void *', 'int (*)()', 'struct t *', 'enum e', 'int[2][3]'],
    );
    assert.equal(typeName({ kind: 'array', of: u32, length: int(4) }), 'unsigned int[4]');
  });

  test('holes include bit holes and holes inside anonymous members', () => {
    const env = envOf('struct h { char a; int b:3; long c; union { struct { char x; int y; }; }; };');
    const l = layoutRecord(env, x86, 'h')!;
    assert.deepEqual(
      l.holes.map((h) => [h.offset, h.size, h.bits]),
      [
        [1, 0, 21],
        [4, 4, undefined],
        [17, 3, undefined],
      ],
    );
    assert.equal(l.trailingPadding, 0);
  });
});
