// Headers that are slow to build, one per shape of long work in the model build
// (issue 15, item 5): one long line, a deep macro chain used many times, a deep #define chain, many
// includes, one huge struct, thousands of structs; huge records nested in records, declarators and
// typedefs, in a parameter list and typeof (skipped groups), a huge enum; one huge #define value, and one expanding through many macros. The server's ordering tests and
// the sync-versus-sliced parity test run every shape; `scale` sizes them.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { members } from './single-step-shapes';

export interface SlowHeader {
  name: string;
  /** The main header's path (inside `dir`) and text; included files are written to disk. */
  path: string;
  text: string;
}

type Shape = (dir: string, scale: number) => SlowHeader;

const record = (name: string) => `struct ${name} { unsigned int a; unsigned long long b; char c; };`;

/** Every shape, written under `dir`. scale 1 is a few hundred KB of header (a test); 5 about 1 MB. */
export function slowHeaders(dir: string, scale = 1): SlowHeader[] {
  mkdirSync(dir, { recursive: true });
  return SHAPES.map((shape) => shape(dir, scale));
}

const SHAPES: Shape[] = [
  // Every definition on one line: the preprocessor's walk, the tokenizer and the parser see one line.
  (dir, scale) => {
    const names = Array.from({ length: 3000 * scale }, (_, i) => record(`one_line_${i}`));
    return header(dir, 'one-line', `${names.join(' ')}\n`);
  },
  // A chain of 150 macros (under the expansion depth limit) expanded in 400 enumerators.
  (dir, scale) => {
    const lines = ['#define D0 0'];
    for (let i = 1; i <= 150; i++) lines.push(`#define D${i} (D${i - 1} + 1)`);
    lines.push('enum deep_chain {');
    for (let i = 0; i < 400 * scale; i++) lines.push(`  DEEP_${i} = D150 + ${i},`);
    lines.push('};', 'struct deep_user { char pad[D150]; };');
    return header(dir, 'deep-macros', `${lines.join('\n')}\n`);
  },
  // A #define chain 2000 deep, each naming the one before: evaluating the values (for the number
  // checks) is long in the check phase, not the build.
  (dir, scale) => {
    const lines = ['#define DD0 0'];
    for (let i = 1; i <= 2000 * scale; i++) lines.push(`#define DD${i} (${i} + DD${i - 1} * 0)`);
    return header(dir, 'deep-define', `${lines.join('\n')}\n`);
  },
  // 300 included files, each small: only the whole unit is long.
  (dir, scale) => {
    const inc = join(dir, 'inc');
    mkdirSync(inc, { recursive: true });
    const lines: string[] = [];
    for (let f = 0; f < 300 * scale; f++) {
      const body = Array.from({ length: 5 }, (_, i) => record(`inc_${f}_${i}`)).join('\n');
      writeFileSync(join(inc, `part-${f}.h`), `#ifndef PART_${f}\n#define PART_${f}\n${body}\n#endif\n`);
      lines.push(`#include "inc/part-${f}.h"`);
    }
    lines.push('struct many_includes { struct inc_0_0 first; };');
    return header(dir, 'many-includes', `${lines.join('\n')}\n`);
  },
  // One record with thousands of members (a single declaration for the parser and the layout).
  (dir, scale) => {
    const members = Array.from({ length: 3000 * scale }, (_, i) => `  unsigned int m${i}; char c${i};`);
    return header(dir, 'huge-struct', `struct huge {\n${members.join('\n')}\n};\n`);
  },
  // Thousands of small records, one per line.
  (dir, scale) => {
    const names = Array.from({ length: 4000 * scale }, (_, i) => record(`many_${i}`));
    return header(dir, 'many-structs', `${names.join('\n')}\n`);
  },
  // A small struct holding a huge anonymous union (a record nested in a record: a member of it).
  (dir, scale) => {
    const members = Array.from({ length: 3000 * scale }, (_, i) => `\t\tunsigned int u${i}; char v${i};`);
    const text = `struct small_outer {\n\tint a;\n\tunion {\n\t\tstruct {\n${members.join('\n')}\n\t\t};\n\t\t__u8 raw[8];\n\t};\n\tint z;\n};\n`;
    return header(dir, 'nested-union', `typedef unsigned char __u8;\n${text}`);
  },
  // A typedef of a struct holding, 3 deep, a huge struct member (a declarator with a nested record).
  (dir, scale) => {
    const members = Array.from({ length: 3000 * scale }, (_, i) => `\t\t\tunsigned int m${i}; char c${i};`);
    const deep = `struct {\n\t\tstruct {\n${members.join('\n')}\n\t\t} inner[2];\n\t\tint b;\n\t} mid;`;
    return header(dir, 'nested-deep', `typedef struct {\n\tint a;\n\t${deep}\n} nested_t;\nnested_t one;\n`);
  },
  // Huge records the parser skips as a group: in a parameter list and in `typeof(...)`.
  (dir, scale) => {
    const m = members(3000 * scale);
    const text = `int takes(struct huge_param {\n${m}\n} *p, int n);\nextern __typeof__(struct {\n${m}\n}) *tp;\n`;
    return header(dir, 'skipped-records', text);
  },
  // An enum of thousands of enumerators, some valued from others.
  (dir, scale) => {
    const lines = Array.from({ length: 6000 * scale }, (_, i) =>
      i % 3 === 0
        ? `\tHUGE_E${i} = ${i * 2},`
        : i % 3 === 1
          ? `\tHUGE_E${i} = HUGE_E${i - 1} + 1,`
          : `\tHUGE_E${i},`,
    );
    return header(
      dir,
      'huge-enum',
      `enum huge_enum {\n${lines.join('\n')}\n};\nstruct uses_enum { enum huge_enum e; };\n`,
    );
  },
  // One #define whose value is a balanced expression of ~100k tokens per scale (one value, one long evaluation).
  (dir, scale) => {
    const leaves = 8192 * scale;
    const tree = (from: number, n: number): string =>
      n === 1 ? `${from % 7}` : `(${tree(from, n >> 1)} + ${tree(from + (n >> 1), n - (n >> 1))})`;
    return header(dir, 'huge-define', `#define HUGE_VALUE ${tree(0, leaves)}\n`);
  },
  // One #define expanding through a few macros to ~130k tokens per scale (each macro doubles the one before).
  (dir, scale) => {
    const lines = ['#define X0 1'];
    const depth = 15 + Math.round(Math.log2(scale));
    for (let i = 1; i <= depth; i++) lines.push(`#define X${i} (X${i - 1} + X${i - 1})`);
    lines.push(`#define DOUBLED X${depth}`);
    return header(dir, 'doubling-define', `${lines.join('\n')}\n`);
  },
];

function header(dir: string, name: string, text: string): SlowHeader {
  const path = join(dir, `${name}.h`);
  writeFileSync(path, text);
  return { name, path, text };
}
