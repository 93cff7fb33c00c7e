// A huge record where the hand parser skips a group (a parameter list, `typeof(...)`, a function
// body, `_Static_assert`) or a damaged stretch was lexed and passed in ONE step (issue 15): now a
// skip stops at checkpoints like a member loop (suspend-lists.ts). ORDER: no step of the stepped
// parse lexes more than a bound of tokens (counted by wrapping the lexer, no timer); PARITY: the AST
// and diagnostics equal the parse that never stops. Shapes: test/fuzz/gen/single-step-shapes.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Decl } from '../../../src/core/lang/ast';
import { identityMap } from '../../../src/core/parser/index';
import { LowerContext } from '../../../src/core/parser/lower/lower-context';
import { parseTopLevelSteps } from '../../../src/core/parser/recovery/parse-top';
import { Lexer } from '../../../src/core/parser/recovery/tokens';
import { renderUnit } from '../../../src/core/parser/render-ast';
import { CHECKPOINT_EVERY } from '../../../src/core/steps';
import { skipShapes } from '../../fuzz/gen/single-step-shapes';

/** Tokens lexed, over all lexers (the test's own count: the lexer is wrapped, not instrumented). */
let lexed = 0;
const lexNext = Lexer.prototype.next;
Lexer.prototype.next = function (this: Lexer) {
  lexed++;
  return lexNext.call(this);
};

/** At most this many tokens lexed between two checkpoints: CHECKPOINT_EVERY members of ~10 tokens
 *  or a skip's 8 * CHECKPOINT_EVERY tokens, with room; the shapes hold ~10x more. */
const MAX_TOKENS_PER_STEP = 16 * CHECKPOINT_EVERY;

function parse(
  text: string,
  stopRecords: boolean,
): { out: string; maxStep: number; total: number; steps: number } {
  const ctx = new LowerContext(text, identityMap('huge.h', text));
  const decls: Decl[] = [];
  const steps = parseTopLevelSteps(ctx, 0, text.length, decls, stopRecords);
  const start = lexed;
  let maxStep = 0;
  let count = 0;
  for (let at = lexed; ; at = lexed, count++) {
    const done = steps.next().done;
    maxStep = Math.max(maxStep, lexed - at);
    if (done) break;
  }
  const out = renderUnit({ decls, diagnostics: ctx.diagnostics });
  return { out, maxStep, total: lexed - start, steps: count };
}

for (const shape of skipShapes(12 * CHECKPOINT_EVERY)) {
  test(`a huge record inside a skipped group is lexed in steps, same AST: ${shape.name}`, () => {
    const oneGo = parse(shape.text, false);
    const stepped = parse(shape.text, true);
    assert.ok(oneGo.total > 4 * MAX_TOKENS_PER_STEP, `the shape is big enough: ${oneGo.total} tokens`);
    assert.ok(
      stepped.maxStep <= MAX_TOKENS_PER_STEP,
      `${stepped.maxStep} tokens lexed in one step (of ${stepped.total})`,
    );
    // Linear: a stop never makes the parse walk again what it passed (a re-walk was quadratic).
    assert.ok(
      stepped.steps <= (4 * stepped.total) / CHECKPOINT_EVERY + 20,
      `${stepped.steps} steps for ${stepped.total} tokens`,
    );
    assert.equal(stepped.out, oneGo.out);
    if (shape.valid) assert.doesNotMatch(stepped.out, /error/i);
    else assert.match(stepped.out, /error/i);
  });
}
