// Issue 15, class 4 for `#if` lines: one condition line of 8 MB (within the 16 MiB header limit)
// became 2-8 million token objects, parsed until a depth limit stopped it, and its error quoted the
// whole line: 3-3.8 GB and 38-115 s in `kpw check`, 8 MB of output. Generated condition shapes
// (operator chains, nesting, ternaries, unary runs, `defined` lists) at sizes around MAX_IF_TOKENS:
// under it a condition is evaluated as before; over it one error names the line, its token count
// and the limit; no message quotes more than a few hundred characters of the line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preprocess } from '../../../src/core/preprocess/preprocess';
import { MAX_IF_TOKENS } from '../../../src/core/limits';
import { memoryHost } from './helpers';

/** A condition of about `n` tokens in one shape, and whether gcc takes it as true. */
const SHAPES: Record<string, (n: number) => { text: string; value: boolean }> = {
  chain: (n) => ({ text: Array.from({ length: Math.ceil(n / 2) }, () => '1').join(' || '), value: true }),
  parens: (n) => ({
    text: `${'('.repeat(Math.floor(n / 2))}0${')'.repeat(Math.floor(n / 2))}`,
    value: false,
  }),
  ternary: (n) => {
    const k = Math.floor(n / 4);
    return { text: `${'1 ? '.repeat(k)}1${' : 0'.repeat(k)}`, value: true };
  },
  unary: (n) => ({ text: `${'!'.repeat(n - 1)}0`, value: (n - 1) % 2 === 1 }),
  defined: (n) => ({
    text: Array.from({ length: Math.ceil(n / 5) }, (_, i) => `defined(M${i})`).join(' && '),
    value: false,
  }),
};

function run(line: string) {
  const src = `#if ${line}\nint yes;\n#else\nint no;\n#endif\n`;
  return preprocess(['/m.h'], memoryHost({ '/m.h': src }), { includeDirs: [], predefined: {} });
}

test('generated #if lines around the token limit: evaluated under it, one clear error over it', () => {
  let cases = 0;
  for (const [name, shape] of Object.entries(SHAPES))
    for (const n of [9, 200, MAX_IF_TOKENS - 8, MAX_IF_TOKENS + 8, MAX_IF_TOKENS * 4]) {
      const { text, value } = shape(n);
      const u = run(text);
      const label = `${name}, ~${n} tokens`;
      for (const d of u.diagnostics)
        assert.ok(d.message.length < 600, `${label}: a message of ${d.message.length} characters`);
      const over = u.diagnostics.filter((d) =>
        /more than the limit of \d+ for one condition/.test(d.message),
      );
      if (n > MAX_IF_TOKENS) {
        assert.equal(over.length, 1, `${label}: ${u.diagnostics.map((d) => d.message).join(' | ')}`);
        assert.equal(over[0].range.start.line, 0, label);
        assert.match(u.text, /int no;/, label);
      } else {
        assert.equal(over.length, 0, label);
        // Small ones are within every depth limit: evaluated, as gcc would.
        if (n <= 200) {
          assert.deepEqual(u.diagnostics, [], label);
          assert.match(u.text, value ? /int yes;/ : /int no;/, label);
        }
      }
      cases++;
    }
  assert.equal(cases, 25);
});
