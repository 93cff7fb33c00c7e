// Generated UAPI-like headers for the memory goal of issue 17 (peak RSS of kpw check and
// kpw layout within 10x the input + 150 MB): the bench's shape (many small structs, each
// with a hole, trailing padding and an i386 difference) and seeded mixes of what headers hold.

/** The bench's header (bench/cli-peers.ts manyStructs): `count` small structs, each with findings. */
export function benchStructs(count: number): string {
  const body = Array.from(
    { length: count },
    (_, i) => `struct gen_${i} {\n\t__u32 a;\n\t__u64 b;\n\t__u8 c[${(i % 7) + 1}];\n};\n`,
  );
  return `#include <linux/types.h>\n${body.join('')}`;
}

const SCALARS = ['__u8', '__u16', '__u32', '__u64', '__s32', '__s64', '__aligned_u64', 'int', 'char'];

/** A seeded header of about `bytes` bytes: structs and unions of 1-8 members (scalars, arrays,
 *  bitfields, anonymous unions, flexible arrays), doc comments, and #define families. */
export function mixedHeader(seed: number, bytes: number): string {
  let s = seed >>> 0 || 1;
  const rand = (n: number) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % n) >>> 0;
  const pick = <T>(list: readonly T[]): T => list[rand(list.length)];
  const parts = ['#include <linux/types.h>\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const members: string[] = [];
    const count = 1 + rand(8);
    for (let m = 0; m < count; m++) {
      const k = rand(10);
      if (k < 5) members.push(`\t${pick(SCALARS)} m${m};`);
      else if (k < 7) members.push(`\t${pick(SCALARS)} m${m}[${1 + rand(9)}];`);
      else if (k < 8) members.push(`\t__u32 m${m}:${1 + rand(31)};`);
      else if (k < 9) members.push(`\tunion {\n\t\t__u32 m${m}a;\n\t\t${pick(SCALARS)} m${m}b;\n\t};`);
      else members.push(`\t__u16 m${m};\n\t__u32 m${m}x;`);
    }
    if (rand(6) === 0) members.push(`\t__u8 data[];`);
    const kind = rand(12) === 0 ? 'union' : 'struct';
    const doc = rand(3) === 0 ? `/* ${kind} ${i}: generated */\n` : '';
    const defs =
      rand(4) === 0
        ? `#define GEN_${i}_A ${rand(64)}\n#define GEN_${i}_B (GEN_${i}_A + ${1 + rand(3)})\n`
        : '';
    const text = `${doc}${kind} mixed_${i} {\n${members.join('\n')}\n};\n${defs}`;
    parts.push(text);
    size += text.length;
  }
  return parts.join('');
}
