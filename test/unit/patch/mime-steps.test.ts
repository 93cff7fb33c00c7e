// One mail's MIME decoding (base64, quoted-printable, multipart parts) was ONE step of the patch
// analysis however big the mail (84 ms for 21.9 MB, issue 15). Now each pass over a body pauses
// every 8,192 lines (decodeBodySteps). ORDER: the decoding of one body of N lines passes at least
// N / 8,192 checkpoints (counted, no timer); PARITY: the mails read in steps equal readMailText's
// and the decoded diff is the one that was encoded. Shapes: test/fuzz/gen/single-step-shapes.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHeaderLines } from '../../../src/core/patch/mail-headers';
import { decodeBodySteps, type SourceLine } from '../../../src/core/patch/mime';
import { readMailText, readMailTextSteps } from '../../../src/core/patch/read-mail';
import { CHECKPOINT_EVERY, runSliced } from '../../../src/core/steps';
import { mailShapes } from '../../fuzz/gen/single-step-shapes';

const LINES = 12 * 8 * CHECKPOINT_EVERY;

for (const shape of mailShapes(LINES)) {
  test(`one mail's body is decoded in steps, same mail: ${shape.name}`, async () => {
    const all = shape.text
      .split('\n')
      .map((text, line): SourceLine => ({ text, origin: { line, character: 0 } }));
    const blank = all.findIndex((l) => l.text === '');
    const { headers } = parseHeaderLines(all.slice(0, blank).map((l) => l.text));
    const steps = decodeBodySteps(headers, all.slice(blank + 1));
    let pauses = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) pauses++;
    const bodyLines = all.length - blank - 1;
    assert.ok(pauses >= bodyLines / (8 * CHECKPOINT_EVERY), `${pauses} checkpoints for ${bodyLines} lines`);
    assert.deepEqual(r.value.problems, []);
    assert.ok(
      r.value.lines.some(
        (l) =>
          l.text === `+#define BIG_${LINES - 1} ${LINES - 1} /* caf\u00e9 ${'x'.repeat((LINES - 1) % 50)} */`,
      ),
    );
    const sliced = await runSliced(readMailTextSteps(shape.text, 'big.mbox'), { sliceMs: 0 });
    assert.deepEqual(sliced, readMailText(shape.text, 'big.mbox'));
    assert.equal(sliced.mails.length, 1);
  });
}
