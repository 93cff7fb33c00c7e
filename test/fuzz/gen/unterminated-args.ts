// Shapes of header with an unterminated function-like macro invocation followed by `n` later
// invocations (issue 15, a fuzz hang): every later invocation that cannot close either re-read the
// rest of the unit to its end and pushed it back (quadratic). The unterminated one sits in the main
// file, in a #define body, inside a macro argument, at the end of an included file, in a chain.

export interface UnterminatedShape {
  name: string;
  /** File name -> text; `main.h` is the one checked. */
  files: Record<string, string>;
  /** The macro gcc names in its single "unterminated argument list" error (`_Pragma`: none). */
  macro: string;
}

const HEAD = '#define XCAT(a,b) a##b\n#define CAT(a,b) XCAT(a,b)\n#define F(a) a\n#define U XCAT(\n';

/** `n` lines of `word` (a few per line). */
function lines(n: number, word: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < n; i += 4) {
    const row: string[] = [];
    for (let k = i; k < Math.min(n, i + 4); k++) row.push(word(k));
    out.push(row.join(' '));
  }
  return out.join('\n') + '\n';
}

export function unterminatedShapes(n: number): UnterminatedShape[] {
  const tail = 'struct after { int a; };\n';
  return [
    {
      name: 'main file: later invocations that close',
      files: { 'main.h': `${HEAD}XCAT(\n${lines(n, (i) => `F(x${i})`)}` },
      macro: 'XCAT',
    },
    {
      name: 'main file: later invocations that cannot close',
      files: { 'main.h': `${HEAD}XCAT(\n${lines(n, (i) => `F(x${i}`)}` },
      macro: 'XCAT',
    },
    {
      name: '#define body: the unterminated one in every later use',
      files: { 'main.h': `${HEAD}${lines(n, () => 'U')}` },
      macro: 'XCAT',
    },
    {
      name: 'paste-doubling chain',
      files: {
        'main.h': `${HEAD}#define D1(a) CAT(a,a)\n#define D2(a) D1(D1(a))\nCAT(\n${lines(n, (i) => `D2(p${i}) U`)}`,
      },
      macro: 'CAT',
    },
    {
      name: 'inside a macro argument',
      files: { 'main.h': `${HEAD}F(${lines(n, (i) => `U F(y${i})`)})\n${tail}` },
      macro: 'XCAT',
    },
    {
      name: 'inside a #define value',
      files: {
        'main.h': `${HEAD}#define V F(${lines(n, (i) => `U F(y${i})`).replace(/\n/g, ' ')})\nV\n${tail}`,
      },
      macro: 'XCAT',
    },
    {
      // `_Pragma(` reads to any `)`: the same re-read, said per `_Pragma` (as before).
      name: '_Pragma( in a #define body',
      files: { 'main.h': `#define P _Pragma(\n${lines(n, () => 'P')}` },
      macro: '_Pragma',
    },
    {
      name: '_Pragma( after _Pragma(',
      files: { 'main.h': `_Pragma(\n${lines(n, () => '_Pragma(')}` },
      macro: '_Pragma',
    },
    {
      name: 'end of an included file',
      files: {
        'inc.h': `${HEAD}int before;\nXCAT(\n${lines(n, (i) => `F(z${i}`)}`,
        'main.h': `#include "inc.h"\n${tail}`,
      },
      macro: 'XCAT',
    },
  ];
}
