// A record or enum of thousands of members, at any depth, is parsed in steps: its loop stops at a
// checkpoint (SuspendLists), the lists under way are finished in steps and the item is parsed again
// taking the finished lists (parse-top.ts). The AST and diagnostics must be those of the parse that
// never stops. Generated: huge structs, unions and enums of varied members (arrays, bitfields,
// attributes, nested and anonymous records, function pointers, syntax errors), in varied item
// shapes and nested in records, declarators and typedefs.

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

/** Enumerators of several shapes; `errors` adds broken ones. */
function enumBody(seed: number, count: number, errors: boolean): string {
  const rnd = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const r = Math.floor(rnd() * (errors ? 5 : 4));
    if (r === 0) return `\tK${seed}_${i} = ${i * 3},`;
    if (r === 1) return `\tK${seed}_${i} = K${seed}_0 + ${i},`;
    if (r === 2) return `\tK${seed}_${i} __attribute__((deprecated)),`;
    if (r === 3) return `\tK${seed}_${i},`;
    return `\tK${seed}_${i} = +,`;
  }).join('\n');
}

/** `depth` records nested in one another, a few members around each, the innermost huge. */
function nestedDeep(seed: number, depth: number, errors: boolean): string {
  let inner = body(seed, N, errors);
  for (let d = 0; d < depth; d++) {
    const kind = d % 2 === 0 ? 'struct' : 'union';
    inner = `${body(seed + 100 + d, 3, false)}\n${kind} {\n${inner}\n} lvl${d};\n${body(seed + 200 + d, 2, errors)}`;
  }
  return `typedef int my_t;\nstruct top {\n${inner}\n};\nint after;\n`;
}

/** Headers with one or more huge records in the shapes a top-level item takes. */
const CASES: [string, string, number?][] = [
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
  // Nested: the stop happens inside a record or declarator of any depth.
  [
    'a huge anonymous union in a small struct',
    `typedef int my_t;\nstruct small {\n\tint a;\n\tunion {\n${body(30, N, false)}\n\t};\n\tint z;\n};\n`,
  ],
  [
    'a huge struct member in a small struct, with errors',
    `typedef int my_t;\nstruct small {\n\tint a;\n\tstruct {\n${body(31, N, true)}\n\t} big, *bigp;\n\tint z +;\n};\n`,
  ],
  ['a huge struct nested 3 deep', nestedDeep(32, 3, false)],
  ['a huge union nested 6 deep, with errors', nestedDeep(33, 6, true)],
  [
    'a typedef of a struct holding a huge struct',
    `typedef int my_t;\ntypedef struct {\n\tint a;\n\tstruct inner {\n${body(34, N, false)}\n\t} in[2];\n} small_t;\n`,
  ],
  ['a huge enum', `enum big {\n${enumBody(35, N, false)}\n};\nint after;\n`],
  ['a huge enum with errors, typedef', `typedef enum {\n${enumBody(36, N, true)}\n} big_t;\nbig_t x;\n`],
  [
    'a huge enum in a struct',
    `struct s {\n\tint a;\n\tenum {\n${enumBody(37, N, false)}\n\t} e;\n\tint z;\n};\n`,
  ],
  [
    // Parameter lists are skipped as groups (lexed, not parsed): the skip stops (suspend-lists.ts).
    'a huge struct in a parameter list',
    `typedef int my_t;\nstruct ops {\n\tint (*f)(struct {\n${body(38, N, false)}\n\t} *arg, int);\n};\nint g(struct p {\n${body(39, N, false)}\n} *q);\n`,
  ],
  [
    'many medium records in one struct',
    `typedef int my_t;\nstruct many {\n${Array.from({ length: 12 }, (_, k) => `\tstruct {\n${body(40 + k, 300, k % 3 === 0)}\n\t} m${k};`).join('\n')}\n};\n`,
  ],
  [
    'a nested huge body left open',
    `typedef int my_t;\nstruct small {\n\tint a;\n\tunion {\n${body(55, N, true)}\nstruct next { int a; };\n`,
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

for (const [name, text, stops = Math.floor(N / CHECKPOINT_EVERY) - 1] of CASES) {
  test(`a huge record parsed in steps equals the parse that never stops: ${name}`, () => {
    const oneGo = parse(text, false);
    const stepped = parse(text, true);
    assert.equal(stepped.out, oneGo.out);
    // The members are passed with checkpoints (the parse that never stops has a few, between items).
    assert.ok(
      stepped.yields >= oneGo.yields + stops,
      `${stepped.yields} checkpoints in steps, ${oneGo.yields} in one go`,
    );
    // Sibling parses sharing items (share-items.ts) give the same answer.
    const shared = new SharedItems();
    assert.equal(parse(text, true, shared).out, oneGo.out);
    assert.equal(parse(text, true, shared).out, oneGo.out);
  });
}
