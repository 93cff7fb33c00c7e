// The ABI tables against the compilers they describe: predefined macros,
// sizes and alignments of every base type (alone and as a struct member),
// plus name lookup and aliases. Oracle checks skip when a compiler is missing.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ABIS, ALL_ABI_NAMES, getAbi, hostAbi } from '../../../src/core/abi/index';
import type { BuiltinTypeName } from '../../../src/core/lang/ast';
import { compilerMacros, isRelevantMacro } from './helpers/gcc-macros';
import { missingMessage } from './helpers/toolchain';
import { probeConstants } from '../layout/helpers/gcc-probe';

/** Macros the UAPI headers test that every table must carry when its compiler defines them. */
const MUST_CARRY = [
  '__x86_64__',
  '__i386__',
  '__s390x__',
  '__s390__',
  '__aarch64__',
  '__powerpc64__',
  '__PPC64__',
  '__arm__',
  '__ARM_EABI__',
  '__riscv',
  '__riscv_xlen',
  '__LP64__',
  '_LP64',
  '__ILP32__',
  '__CHAR_UNSIGNED__',
  '__BYTE_ORDER__',
  '__ORDER_LITTLE_ENDIAN__',
  '__ORDER_BIG_ENDIAN__',
  '__BIG_ENDIAN__',
  '__LITTLE_ENDIAN__',
  '__SIZEOF_LONG__',
  '__SIZEOF_POINTER__',
  '__SIZEOF_INT128__',
  '__SIZEOF_LONG_DOUBLE__',
  '__CHAR_BIT__',
  '__GNUC__',
  '__GNUC_MINOR__',
  '__STDC__',
  '__STDC_VERSION__',
  '__linux__',
  '__unix__',
  '__ELF__',
  '__BIGGEST_ALIGNMENT__',
  '__SIZE_TYPE__',
];

const TYPES = Object.keys(ABIS[0].types) as Exclude<BuiltinTypeName, 'void'>[];

describe('ABI tables', () => {
  test('names, aliases and host', () => {
    assert.deepEqual(ALL_ABI_NAMES, ['x86_64', 'i386', 's390x', 'aarch64', 'ppc64le', 'arm', 'riscv64']);
    const aliases: [string, string][] = [
      ['amd64', 'x86_64'],
      ['x86-64', 'x86_64'],
      ['arm64', 'aarch64'],
      ['s390', 's390x'],
      ['ppc64el', 'ppc64le'],
      ['armhf', 'arm'],
      ['i686', 'i386'],
      ['x86', 'i386'],
      ['S390X', 's390x'],
      ['arm-linux-gnueabihf', 'arm'],
      ['i386-linux-gnu', 'i386'],
    ];
    for (const [alias, name] of aliases) assert.equal(getAbi(alias)?.name, name, alias);
    assert.equal(getAbi('mips'), undefined);
    assert.ok(ALL_ABI_NAMES.includes(hostAbi().name));
  });

  for (const abi of ABIS) {
    test(`${abi.name}: predefined macros equal ${abi.triple}-gcc -dM -E`, (t) => {
      const real = compilerMacros(abi);
      if (!real) return t.skip(missingMessage(abi));
      for (const [name, body] of Object.entries(abi.predefined)) {
        assert.equal(body, real.get(name), `${name} on ${abi.name}`);
      }
      for (const name of MUST_CARRY) {
        if (real.has(name)) assert.ok(name in abi.predefined, `${abi.name} table lacks ${name}`);
      }
      const missing = [...real.keys()].filter((n) => isRelevantMacro(abi.name, n) && !(n in abi.predefined));
      assert.deepEqual(missing, [], `${abi.name}: regenerate with print-predefined.ts`);
    });

    test(`${abi.name}: base type sizes and alignments equal gcc`, (t) => {
      const usable = TYPES.filter((ty) => !abi.unsupported?.includes(ty));
      const exprs = usable.flatMap((ty) => [
        `sizeof(${ty})`,
        `__alignof__(${ty})`,
        `__builtin_offsetof(struct { char c; ${ty} x; }, x)`,
      ]);
      exprs.push('sizeof(void *)', '__alignof__(void *)', '(char)-1 < 0', '__BIGGEST_ALIGNMENT__');
      const got = probeConstants(abi, '', exprs);
      if (got === undefined) return t.skip(missingMessage(abi));
      assert.ok(Array.isArray(got), String(got));
      usable.forEach((ty, i) => {
        const [size, align, field] = got.slice(3 * i, 3 * i + 3);
        assert.equal(abi.types[ty].size, size, `sizeof(${ty})`);
        assert.equal(abi.types[ty].align, align, `__alignof__(${ty})`);
        assert.equal(abi.fieldAlign?.[ty] ?? abi.types[ty].align, field, `field alignment of ${ty}`);
      });
      const tail = got.slice(3 * usable.length);
      assert.deepEqual(tail, [
        abi.pointer.size,
        abi.pointer.align,
        abi.charSigned ? 1 : 0,
        abi.biggestAlignment,
      ]);
      assert.equal(abi.endian === 'big', abi.predefined.__BYTE_ORDER__ === '__ORDER_BIG_ENDIAN__');
    });
  }

  test('__int128 is unsupported exactly where gcc lacks it', () => {
    for (const abi of ABIS) {
      assert.equal(
        abi.unsupported?.includes('__int128') ?? false,
        !('__SIZEOF_INT128__' in abi.predefined),
        abi.name,
      );
    }
  });
});
