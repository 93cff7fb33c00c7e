// sizeof and _Alignof of every measured type, read without running anything:
// a unit that includes the headers and ends in a `const unsigned int` array
// of the values, compiled with -S; the constants are read back from the
// assembler (.long on x86/s390x/ppc, .word on arm/aarch64/riscv).

import type { TypeJson } from './layout-json';

export const ARRAY_SYMBOL = 'kpw_oracle_layout';

/** C text appended after the includes: [sizeof, _Alignof] per type, in `names` order. */
export function sizeofAlignofSource(
  names: string[],
  types: Record<string, TypeJson>,
  typedefNamed: Set<string>,
): string {
  // A header may #define a tag's name; the array must see the real tag.
  const undefs = names.map((n) => `#undef ${n}\n`).join('');
  const entries = names.map((n) => {
    const spelled = typedefNamed.has(n) ? n : `${types[n].kind} ${n}`;
    return `  sizeof(${spelled}), _Alignof(${spelled}),\n`;
  });
  return `${undefs}const unsigned int ${ARRAY_SYMBOL}[] = {\n${entries.join('')}  0\n};\n${MEMBER_ALIGN_SOURCE}`;
}

export const MEMBER_ALIGN_SYMBOL = 'kpw_oracle_member_align';
/** Integer sizes a bitfield's declared type can have. */
export const BITFIELD_TYPE_SIZES = [1, 2, 4, 8, 16];

// The alignment each integer size gets as a struct member (i386: 4 for long
// long), which places bitfield storage units; offsetof after a char shows it.
const MEMBER_ALIGN_SOURCE = `
#ifdef __SIZEOF_INT128__
#define KPW_ORACLE_INT128 __int128
#else
#define KPW_ORACLE_INT128 long long
#endif
struct kpw_oracle_a1 { char c; char x; };
struct kpw_oracle_a2 { char c; short x; };
struct kpw_oracle_a4 { char c; int x; };
struct kpw_oracle_a8 { char c; long long x; };
struct kpw_oracle_a16 { char c; KPW_ORACLE_INT128 x; };
const unsigned int ${MEMBER_ALIGN_SYMBOL}[] = {
  __builtin_offsetof(struct kpw_oracle_a1, x), __builtin_offsetof(struct kpw_oracle_a2, x),
  __builtin_offsetof(struct kpw_oracle_a4, x), __builtin_offsetof(struct kpw_oracle_a8, x),
  __builtin_offsetof(struct kpw_oracle_a16, x)
};
`;

const DATA_DIRECTIVES = new Set(['.long', '.word', '.4byte', '.int', '.quad', '.xword', '.8byte', '.dword']);

/** Values of `symbol`'s initializer in gcc's -S output, as 4-byte unsigned ints. */
export function readAsmArray(asm: string, symbol: string): number[] | undefined {
  const lines = asm.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${symbol}:`);
  if (start < 0) return undefined;
  const values: number[] = [];
  for (const raw of lines.slice(start + 1)) {
    const m = /^\s*(\.\w+)\s+(.*)$/.exec(raw);
    if (!m || /:\s*$/.test(raw)) break;
    const [, directive, rawArg] = m;
    // clang annotates constants with a comment (`.long 128 # 0x80`; `//` on aarch64, `@` on arm).
    const arg = rawArg.replace(/\s+(#|\/\/|@).*$/, '');
    if (directive === '.zero' || directive === '.space' || directive === '.skip') {
      for (let i = 0; i < Number(arg) / 4; i++) values.push(0);
    } else if (DATA_DIRECTIVES.has(directive)) {
      for (const v of arg.split(',')) values.push(Number(v.trim()));
    } else break;
  }
  return values;
}
