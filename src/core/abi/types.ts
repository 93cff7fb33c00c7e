// What an ABI is to the layout engine and the preprocessor: pure data, one
// file per ABI next to this one. Values are those of GCC 12 for the target
// (base types and macros checked against the compiler by test/unit/abi/abi-data.test.ts,
// layouts by the oracle tests in test/differential).

import type { BuiltinTypeName } from '../lang/ast';

export interface SizeAlign {
  size: number;
  align: number;
}

/** How `_IOC(dir, type, nr, size)` packs its fields on this architecture. */
export interface IocEncoding {
  nrBits: number;
  typeBits: number;
  sizeBits: number;
  dirBits: number;
  /** Values of _IOC_NONE, _IOC_WRITE, _IOC_READ. */
  none: number;
  write: number;
  read: number;
}

export interface AbiSpec {
  /** Stable name used on the command line and in output: `x86_64`, `i386`, ... */
  name: string;
  description: string;
  /** GNU triple of Debian's cross compiler for this ABI (`s390x-linux-gnu`). */
  triple: string;
  /** Debian multiarch directory name under /usr/include (usually = triple). */
  multiarch: string;
  /** Kernel architecture name (arch/<karch>), e.g. `x86`, `s390`, `arm64`. */
  karch: string;
  endian: 'little' | 'big';
  charSigned: boolean;
  /** Size and alignment of each base type as a standalone object (`_Alignof`). */
  types: Record<Exclude<BuiltinTypeName, 'void'>, SizeAlign>;
  pointer: SizeAlign;
  /** Alignment a base type gets as a struct member when it differs from `types`
   *  (i386: `long long`, `double` are 8-aligned alone but 4-aligned in structs). */
  fieldAlign?: Partial<Record<BuiltinTypeName, number>>;
  /** Base types the target compiler rejects (`__int128` on 32-bit targets). */
  unsupported?: BuiltinTypeName[];
  /** __BIGGEST_ALIGNMENT__: what a bare `__attribute__((aligned))` means. */
  biggestAlignment: number;
  bitfields: {
    /** Whether an unnamed bitfield's declared type raises the record's alignment. */
    unnamedAffectsAlignment: boolean;
    /** Whether a zero-width bitfield's type raises the record's alignment. */
    zeroWidthAffectsAlignment: boolean;
  };
  ioc: IocEncoding;
  /** Predefined macros (name -> body), as `gcc -dM -E` shows the ones that matter to UAPI headers. */
  predefined: Record<string, string>;
}
