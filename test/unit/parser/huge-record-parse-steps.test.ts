// A top-level record of thousands of members is parsed in steps: its member loop stops at a
// checkpoint (SuspendMembers), is finished in steps and the item is parsed again taking the
// finished list (parse-top.ts). The AST and diagnostics must be those of the parse that never
// stops. Generated: huge structs and unions of varied members (arrays, bitfields, attributes,
// nested and anonymous records, function pointers, syntax errors), in varied item shapes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Decl } from '../../../src/core/lang/ast';
import { identityMap } from '../../../src/core/parser/index';
import { LowerContext } from '../../../src/core/parser/lower/lower-context';
import { parseTopLevelSteps } from '../../../src/core/parser/recovery/parse-top';
import { SharedItems } from '../../../src/core/parser/recovery/share-items';
import { renderUnit } from '../../../src/core/parser/render-ast';
import { CHECKPOINT_EVERY } from '../../../src/core/steps';

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['int', 'unsigned int', 'char', 'unsigned long long', '__u32', '__u64', 'short', 'my_t'];

/** One member line of many shapes; `bad` members are syntax errors the parse must recover from. */
function member(rnd: () => number, i: number, errors: boolean): string {
  const t = TYPES[Math.floor(rnd() * TYPES.length)];
  switch (Math.floor(rnd() * (errors ? 11 : 10))) {
    case 0:
      return `\t${t} m${i}[${1 + Math.floor(rnd() * 8)}];`;
    case 1:
      return `\tunsigned int b${i} : ${1 + Math.floor(rnd() * 31)}, : 0;`;
    case 2:
      return `\t${t} a${i} __attribute__((aligned(${1 << Math.floor(rnd() * 4)})));`;
    case 3:
      return `\tstruct { ${t} x; char y : 3; } s${i};`;
    case 4:
      return `\tunion { ${t} u; struct n${i} { int z; } n; };`;
    case 5:
      return `\tint (*f${i})(int, ${t} *);`;
    case 6:
      return `\tconst ${t} *p${i}, q${i};`;
    case 7:
      return `\t;`;
    case 8:
      return `\tenum e${i} { E${i}A, E${i}B = ${i} } e${i};`;
    case 9:
      return `\t${t} m${i};`;
    default:
      return rnd() < 0.5 ? `\tint oops${i} +;` : `\t${t} ${t} = ;`;
  }
}

function body(seed: number, count: number, errors: boolean): string {
  const rnd = prng(seed);
  return Array.from({ length: count }, (_, i) => member(rnd, i, errors)).join('\n');
}

const N = 3 * CHECKPOINT_EVERY + 17;

/** Headers with one or more huge records in the shapes a top-level item takes. */
const CASES: [string, string][] = [
  ['struct', `typedef int my_t;\nstruct huge {\n${body(1, N, false)}\n};\nint after;\n`],
  [
    'union, attributes',
    `typedef int my_t;\nunion __attribute__((packed)) huge {\n${body(2, N, false)}\n} __attribute__((aligned(8)));\n`,
  ],
  [
    'typedef struct, two declarators',
    `typedef int my_t;\ntypedef struct {\n${body(3, N, false)}\n} huge_t, *huge_p;\nhuge_t x;\n`,
  ],
  [
    'syntax errors in the members',
    `typedef int my_t;\nstruct huge {\n${body(4, N, true)}\n};\nstruct next { int a; };\n`,
  ],
  ['a body left open', `typedef int my_t;\nstruct huge {\n${body(5, N, true)}\nstruct next { int a; };\n`],
  ['cut at the end', `typedef int my_t;\nstruct huge {\n${body(6, N, false)}\n`],
  [
    'a declaration after the body',
    `typedef int my_t;\nstatic struct huge {\n${body(7, N, false)}\n} one, two[2] = { 0 };\n`,
  ],
  [
    'a huge record in a huge record',
    `typedef int my_t;\nstruct outer {\n${body(8, 100, false)}\n\tstruct inner {\n${body(9, N, false)}\n\t} in;\n${body(10, N, false)}\n};\n`,
  ],
  [
    'two huge records in one extern "C" item',
    `typedef int my_t;\nextern "C" {\nstruct h1 {\n${body(11, N, true)}\n};\nint between;\nstruct h2 {\n${body(12, N, false)}\n};\n}\n`,
  ],
  ['error after the body', `typedef int my_t;\nstruct huge {\n${body(13, N, false)}\n} x y z;\nint ok;\n`],
  [
    'after an item missing its ;',
    `typedef int my_t;\nint x\nstruct huge {\n${body(14, N, true)}\n} y\nint z;\n`,
  ],
  [
    'errors just before and after the body',
    `typedef int my_t;\nint a[+];\nstruct huge {\n${body(15, N, true)}\n\tint last +\n} +;\n`,
  ],
  [
    'many huge records',
    Array.from({ length: 3 }, (_, k) => `struct h${k} {\n${body(20 + k, N, true)}\n};`).join('\n') +
      '\ntypedef int my_t;\n',
  ],
];

/** The rendered AST and diagnostics, and how many checkpoints the parse passed. */
function parse(text: string, stopRecords: boolean, shared?: SharedItems): { out: string; yields: number } {
  const ctx = new LowerContext(text, identityMap('huge.h', text));
  ctx.items = shared?.begin(ctx);
  const decls: Decl[] = [];
  const steps = parseTopLevelSteps(ctx, 0, text.length, decls, stopRecords);
  let yields = 0;
  while (!steps.next().done) yields++;
  ctx.items?.finish();
  return { out: renderUnit({ decls, diagnostics: ctx.diagnostics }), yields };
}

for (const [name, text] of CASES) {
  test(`a huge record parsed in steps equals the parse that never stops: ${name}`, () => {
    const oneGo = parse(text, false);
    const stepped = parse(text, true);
    assert.equal(stepped.out, oneGo.out);
    // The members are passed with checkpoints (the parse that never stops has a few, between items).
    assert.ok(
      stepped.yields >= oneGo.yields + Math.floor(N / CHECKPOINT_EVERY) - 1,
      `${stepped.yields} checkpoints in steps, ${oneGo.yields} in one go`,
    );
    // Sibling parses sharing items (share-items.ts) give the same answer.
    const shared = new SharedItems();
    assert.equal(parse(text, true, shared).out, oneGo.out);
    assert.equal(parse(text, true, shared).out, oneGo.out);
  });
}
