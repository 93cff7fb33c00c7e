// Random but valid C record declarations for the layout property test and as
// extra fuzz seeds: base types, typedefs, enums, arrays, flexible arrays,
// bitfields (zero-width too), nested anonymous members, packed, aligned, pragma pack.

import { Rng } from '../engine/mutate';

interface IntType {
  name: string;
  bits: number;
}

const PRELUDE = [
  'typedef unsigned char __u8;',
  'typedef unsigned short __u16;',
  'typedef unsigned int __u32;',
  'typedef unsigned long long __u64;',
  'typedef signed int __s32;',
  'typedef __u64 __attribute__((aligned(8))) __aligned_u64;',
  'enum fuzz_e { FUZZ_A, FUZZ_B = 7 };',
  '',
].join('\n');

const INTS: IntType[] = [
  { name: 'char', bits: 8 },
  { name: 'signed char', bits: 8 },
  { name: 'unsigned char', bits: 8 },
  { name: 'short', bits: 16 },
  { name: 'unsigned short', bits: 16 },
  { name: 'int', bits: 32 },
  { name: 'unsigned int', bits: 32 },
  { name: 'long long', bits: 64 },
  { name: 'unsigned long long', bits: 64 },
  { name: '__u8', bits: 8 },
  { name: '__u16', bits: 16 },
  { name: '__u32', bits: 32 },
  { name: '__u64', bits: 64 },
  { name: '__s32', bits: 32 },
];
const OTHERS = [
  'long',
  'unsigned long',
  'float',
  'double',
  'long double',
  '_Bool',
  'void *',
  'char *',
  'enum fuzz_e',
  '__aligned_u64',
];
const POW2 = [1, 2, 4, 8, 16];

class Gen {
  private n = 0;
  private readonly records: string[] = [];
  constructor(private readonly rng: Rng) {}

  header(count: number): string {
    const out = [PRELUDE];
    for (let i = 0; i < count; i++) {
      const pack = this.rng.chance(15) ? this.rng.pick(POW2) : 0;
      if (pack) out.push(`#pragma pack(push, ${pack})`);
      out.push(this.record(0));
      if (pack) out.push('#pragma pack(pop)');
    }
    return out.join('\n') + '\n';
  }

  private record(depth: number): string {
    const kind = this.rng.chance(25) ? 'union' : 'struct';
    const tag = `r${this.n++}`;
    const body = this.members(kind, depth);
    const attrs = this.rng.chance(20)
      ? ' __attribute__((packed))'
      : this.rng.chance(10)
        ? ` __attribute__((aligned(${this.rng.pick(POW2)})))`
        : '';
    this.records.push(`${kind} ${tag}`);
    return `${kind} ${tag} {\n${body}}${attrs};\n`;
  }

  private members(kind: 'struct' | 'union', depth: number): string {
    const count = 1 + this.rng.below(7);
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(this.member(kind, depth, i));
    if (kind === 'struct' && this.rng.chance(15)) lines.push(`\t${this.rng.pick(INTS).name} tail[];`);
    return lines.map((l) => `${'\t'.repeat(depth)}${l}\n`).join('');
  }

  private member(kind: 'struct' | 'union', depth: number, i: number): string {
    const name = `m${i}`;
    const r = this.rng.below(100);
    const aligned = this.rng.chance(8) ? ` __attribute__((aligned(${this.rng.pick(POW2)})))` : '';
    if (r < 12 && depth < 2) {
      const inner = this.rng.chance(40) ? 'union' : 'struct';
      return `\t${inner} {\n${this.members(inner, depth + 1)}${'\t'.repeat(depth)}\t}${this.rng.chance(50) ? ` ${name}` : ''};`;
    }
    if (r < 35) {
      const t = this.rng.pick(INTS);
      const width = this.rng.chance(10) ? 0 : 1 + this.rng.below(t.bits);
      return width === 0 ? `\t${t.name} : 0;` : `\t${t.name} ${this.rng.chance(10) ? '' : name} : ${width};`;
    }
    if (r < 45 && this.records.length)
      return `\t${this.rng.pick(this.records)} ${name}${this.dims()}${aligned};`;
    const type = this.rng.chance(70) ? this.rng.pick(INTS).name : this.rng.pick(OTHERS);
    void kind;
    return `\t${type} ${name}${this.dims()}${aligned};`;
  }

  private dims(): string {
    if (!this.rng.chance(25)) return '';
    return this.rng.chance(15)
      ? '[0]'
      : `[${1 + this.rng.below(5)}]${this.rng.chance(20) ? `[${1 + this.rng.below(3)}]` : ''}`;
  }
}

/** One header of `count` random records (plus the typedef prelude), fixed by seed. */
export function randomHeader(seed: number, count = 4): string {
  return new Gen(new Rng(seed)).header(count);
}
