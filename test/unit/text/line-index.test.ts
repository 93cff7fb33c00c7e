// LineIndex finds LF-only texts' line ends with indexOf and others (a CR anywhere) with a
// per-character scan: on generated texts of LF, CRLF, lone CR and other characters, both
// answer what the per-character rule (LF, or a CR not before a LF, ends a line) answers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/text/position';

/** The line starts by the rule itself, one character at a time. */
function referenceStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

function randomText(seed: number, withCr: boolean): string {
  let s = seed >>> 0 || 1;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) / (1 << 24);
  const pieces = withCr
    ? ['\n', '\r\n', '\r', 'a', ' ', '\t', 'é', '#define X 1']
    : ['\n', 'a', ' ', 'é', '}'];
  let out = '';
  const n = Math.floor(next() * 60);
  for (let k = 0; k < n; k++) out += pieces[Math.floor(next() * pieces.length)];
  return out;
}

test('LineIndex: positions and offsets agree with the per-character rule on generated texts', () => {
  for (let seed = 1; seed <= 600; seed++) {
    const text = randomText(seed, seed % 2 === 0);
    const starts = referenceStarts(text);
    const index = new LineIndex(text);
    assert.equal(index.lineCount, starts.length, JSON.stringify(text));
    for (let o = 0; o <= text.length; o++) {
      let line = 0;
      while (line + 1 < starts.length && starts[line + 1] <= o) line++;
      const expected = { line, character: o - starts[line] };
      assert.deepEqual(index.positionAt(o), expected, `${JSON.stringify(text)} @${o}`);
      assert.equal(index.offsetAt(expected), o, `${JSON.stringify(text)} @${o}`);
    }
  }
});

test('LineIndex: edge texts', () => {
  for (const text of ['', '\n', '\r', '\r\n', 'a', 'a\n', '\n\n', 'a\rb\nc\r\nd', 'x\n\r\n\r']) {
    const index = new LineIndex(text);
    assert.equal(index.lineCount, referenceStarts(text).length, JSON.stringify(text));
  }
});
