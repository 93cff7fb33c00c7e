// Reads the predefined macros of an ABI's gcc (`gcc -dM -E`) and selects the
// ones UAPI headers test, so the ABI tables can be generated and checked
// against the compiler that defines them.

import { spawnSync } from 'node:child_process';
import type { AbiSpec } from '../../../../src/core/abi/types';
import { gccFor } from './toolchain';

/** Macros every ABI table keeps when the compiler defines them. */
const COMMON = new Set([
  '__CHAR_BIT__',
  '__BYTE_ORDER__',
  '__ORDER_LITTLE_ENDIAN__',
  '__ORDER_BIG_ENDIAN__',
  '__ORDER_PDP_ENDIAN__',
  '__FLOAT_WORD_ORDER__',
  '__BIG_ENDIAN__',
  '__LITTLE_ENDIAN__',
  '_BIG_ENDIAN',
  '_LITTLE_ENDIAN',
  '__GNUC__',
  '__GNUC_MINOR__',
  '__GNUC_PATCHLEVEL__',
  '__GNUC_STDC_INLINE__',
  '__STDC__',
  '__STDC_VERSION__',
  '__STDC_HOSTED__',
  '__linux__',
  '__linux',
  'linux',
  '__gnu_linux__',
  '__unix__',
  '__unix',
  'unix',
  '__ELF__',
  '__BIGGEST_ALIGNMENT__',
  '__LP64__',
  '_LP64',
  '__ILP32__',
  '_ILP32',
  '__CHAR_UNSIGNED__',
  '__SIZE_TYPE__',
  '__PTRDIFF_TYPE__',
  '__WCHAR_TYPE__',
  '__WINT_TYPE__',
  '__INTMAX_TYPE__',
  '__UINTMAX_TYPE__',
  '__CHAR16_TYPE__',
  '__CHAR32_TYPE__',
  '__INTPTR_TYPE__',
  '__UINTPTR_TYPE__',
  '__INT8_TYPE__',
  '__INT16_TYPE__',
  '__INT32_TYPE__',
  '__INT64_TYPE__',
  '__UINT8_TYPE__',
  '__UINT16_TYPE__',
  '__UINT32_TYPE__',
  '__UINT64_TYPE__',
  '__SCHAR_MAX__',
  '__SHRT_MAX__',
  '__INT_MAX__',
  '__LONG_MAX__',
  '__LONG_LONG_MAX__',
  '__WCHAR_MAX__',
  '__WCHAR_MIN__',
  '__SIZE_MAX__',
  '__PTRDIFF_MAX__',
  '__INTMAX_MAX__',
  '__UINTMAX_MAX__',
  '__INTPTR_MAX__',
  '__UINTPTR_MAX__',
  '__INT8_MAX__',
  '__INT16_MAX__',
  '__INT32_MAX__',
  '__INT64_MAX__',
  '__UINT8_MAX__',
  '__UINT16_MAX__',
  '__UINT32_MAX__',
  '__UINT64_MAX__',
  '__SCHAR_WIDTH__',
  '__SHRT_WIDTH__',
  '__INT_WIDTH__',
  '__LONG_WIDTH__',
  '__LONG_LONG_WIDTH__',
  '__PTRDIFF_WIDTH__',
  '__SIZE_WIDTH__',
  '__WCHAR_WIDTH__',
  '__INTPTR_WIDTH__',
  '__INTMAX_WIDTH__',
]);

/** Architecture identification macros, per ABI name. */
const ARCH: Record<string, string[]> = {
  x86_64: [
    '__x86_64__',
    '__x86_64',
    '__amd64__',
    '__amd64',
    '__code_model_small__',
    '__SSE__',
    '__SSE2__',
    '__MMX__',
  ],
  i386: ['__i386__', '__i386', 'i386', '__i686__', '__i686', '__code_model_32__'],
  s390x: ['__s390__', '__s390x__', '__zarch__', '__ARCH__'],
  aarch64: [
    '__aarch64__',
    '__AARCH64EL__',
    '__ARM_64BIT_STATE',
    '__ARM_ARCH',
    '__ARM_ARCH_8A',
    '__ARM_PCS_AAPCS64',
    '__ARM_SIZEOF_MINIMAL_ENUM',
    '__ARM_SIZEOF_WCHAR_T',
    '__ARM_ARCH_PROFILE',
    '__ARM_FP',
    '__ARM_NEON',
  ],
  ppc64le: [
    '__powerpc__',
    '__powerpc64__',
    '__PPC__',
    '__PPC64__',
    '_ARCH_PPC',
    '_ARCH_PPC64',
    '_CALL_ELF',
    '_CALL_LINUX',
    '__LONG_DOUBLE_128__',
    '__LONGDOUBLE128',
    '__LONG_DOUBLE_IBM128__',
    '__CMODEL_MEDIUM__',
    '__ALTIVEC__',
    '__VSX__',
    '__STRUCT_PARM_ALIGN__',
    '__FLOAT128__',
  ],
  arm: [
    '__arm__',
    '__ARM_EABI__',
    '__ARMEL__',
    '__ARM_ARCH',
    '__ARM_ARCH_7A__',
    '__ARM_32BIT_STATE',
    '__ARM_PCS_VFP',
    '__VFP_FP__',
    '__thumb__',
    '__thumb2__',
    '__APCS_32__',
    '__ARM_SIZEOF_MINIMAL_ENUM',
    '__ARM_SIZEOF_WCHAR_T',
    '__ARM_ARCH_PROFILE',
    '__ARM_ARCH_ISA_ARM',
    '__ARM_ARCH_ISA_THUMB',
    '__ARM_FP',
    '__THUMBEL__',
  ],
  riscv64: [
    '__riscv',
    '__riscv_xlen',
    '__riscv_flen',
    '__riscv_float_abi_double',
    '__riscv_atomic',
    '__riscv_mul',
    '__riscv_div',
    '__riscv_muldiv',
    '__riscv_compressed',
    '__riscv_cmodel_medany',
    '__riscv_fdiv',
    '__riscv_fsqrt',
  ],
};

/** Every object-like macro the compiler predefines for this ABI, or undefined without the compiler. */
export function compilerMacros(abi: AbiSpec): Map<string, string> | undefined {
  const gcc = gccFor(abi);
  if (!gcc) return undefined;
  const r = spawnSync(gcc, ['-dM', '-E', '-x', 'c', '-'], { input: '', encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const out = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const m = /^#define ([A-Za-z_]\w*) ?(.*)$/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

/** Whether a macro belongs in the ABI's table. */
export function isRelevantMacro(abiName: string, name: string): boolean {
  return COMMON.has(name) || /^__SIZEOF_\w+__$/.test(name) || (ARCH[abiName] ?? []).includes(name);
}

/** The subset of `all` an ABI table should hold, sorted by name. */
export function selectMacros(abiName: string, all: Map<string, string>): [string, string][] {
  return [...all]
    .filter(([n]) => isRelevantMacro(abiName, n))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
