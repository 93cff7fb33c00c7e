// Headers that are slow to build, one per shape of long work in the model build
// (issue 15, item 5): one long line, a deep macro chain used many times, a deep #define chain, many
// includes, one huge struct, thousands of structs. The server's ordering tests and
// the sync-versus-sliced parity test run every shape; `scale` sizes them.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
];

function header(dir: string, name: string, text: string): SlowHeader {
  const path = join(dir, `${name}.h`);
  writeFileSync(path, text);
  return { name, path, text };
}
