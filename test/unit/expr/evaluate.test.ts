// Table-driven tests for parseExpr + evaluate: cases live in eval-cases.txt
// (mode | expression | expected value or error), one assertion per line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExpr } from '../../../src/core/expr/parse';
import { evaluate, type EvalEnv } from '../../../src/core/expr/evaluate';
import { lexTokens } from '../../../src/core/preprocess/lexer';

const cases = readFileSync(join(__dirname, 'eval-cases.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => {
    const first = l.indexOf('|');
    const last = l.lastIndexOf('|');
    return {
      mode: l.slice(0, first).trim(),
      expr: l.slice(first + 1, last).trim(),
      expected: l.slice(last + 1).trim(),
    };
  });

function envFor(mode: string): EvalEnv {
  if (mode === 'pp') return { mode: 'pp' };
  return { mode: 'c', longBits: mode === 'c32' ? 32 : 64 };
}

for (const c of cases) {
  test(`${c.mode}: ${c.expr}`, () => {
    const r = evaluate(parseExpr(lexTokens(c.expr)), envFor(c.mode));
    if (c.expected.startsWith('error:')) {
      assert.equal(
        r.ok,
        false,
        `expected an error, got ${JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))}`,
      );
      if (!r.ok)
        assert.ok(
          r.error.includes(c.expected.slice(6).trim()),
          `error '${r.error}' lacks '${c.expected.slice(6).trim()}'`,
        );
      return;
    }
    assert.ok(r.ok, r.ok ? '' : r.error);
    const unsigned = c.expected.endsWith('u');
    assert.equal(`${r.value}`, unsigned ? c.expected.slice(0, -1) : c.expected);
    assert.equal(r.unsigned, unsigned, 'signedness');
  });
}
