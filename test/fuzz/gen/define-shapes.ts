// Headers whose #define values expand to huge token counts through every mechanism of the
// expander (issue 15: one value was one step): one huge object-like body, a huge function-like
// body using its parameters, argument pre-expansion doubling, __VA_OPT__, `##` pasting, `#`, a
// value past the 100,000-token cap and a header that uses up the 1M-token budget of all values.
// `scale` sizes them; every value is valid C or fails with the expander's own error.

export interface DefineShape {
  name: string;
  text: string;
}

/** A balanced sum of `n` small numbers (~4 tokens per number). */
function sum(n: number, from = 0): string {
  return n === 1 ? `${from % 7}` : `(${sum(n >> 1, from)} + ${sum(n - (n >> 1), from + (n >> 1))})`;
}

/** Every shape; scale 1 expands each to ~20,000-100,000 tokens. */
export function defineShapes(scale = 1): DefineShape[] {
  const n = 4000 * scale;
  const chain = (name: string, depth: number, step: (prev: string) => string, first = '1') => {
    const lines = [`#define ${name}0 ${first}`];
    for (let i = 1; i <= depth; i++) lines.push(`#define ${name}${i} ${step(`${name}${i - 1}`)}`);
    return lines;
  };
  const depth = 13 + Math.round(Math.log2(scale));
  return [
    { name: 'object-body', text: `#define BIG ${sum(n)}\n#define USES (BIG - 1)\n` },
    {
      name: 'function-body',
      text: `#define F(a, b) ${sum(n).replace(/\b0\b/g, 'a').replace(/\b1\b/g, '(b)')}\n#define CALL F(2, 3 + 1)\n`,
    },
    {
      name: 'argument-doubling',
      text: ['#define TWICE(x) (x + x)', ...chain('A', depth, (p) => `TWICE(${p})`)].join('\n') + '\n',
    },
    {
      name: 'va-opt-doubling',
      text:
        [
          '#define V(x, ...) (x __VA_OPT__(+ __VA_ARGS__))',
          ...chain('W', depth, (p) => `V(${p}, ${p})`),
        ].join('\n') + '\n',
    },
    {
      name: 'paste-body',
      text: `#define CAT(a, b) a ## b\n#define P ${sum(n).replace(/\b(\d)\b/g, 'CAT($1, 1)')}\n`,
    },
    {
      name: 'stringize-body',
      text: `#define S(x) sizeof(#x)\n#define STR S(${sum(n >> 2)})\n#define STRS (${Array.from({ length: n >> 3 }, () => 'S(x)').join(' + ')})\n`,
    },
    { name: 'over-the-cap', text: `#define CAPPED ${sum(30_000 * scale)}\n` },
    {
      name: 'budget-used-up',
      text:
        [
          ...chain('X', depth + 3, (p) => `(${p} + ${p})`),
          ...Array.from({ length: 12 }, (_, i) => `#define LATE${i} (X${depth + 3} + ${i})`),
          '#define SMALL_AFTER 42',
        ].join('\n') + '\n',
    },
  ];
}
