// A line index built with indexOf (several times faster than a per-character
// loop on large files), with the same answers as text/position's LineIndex.
// The preprocessor builds one per file it reports locations in.

import type { Position, Range } from '../text/position';

export class LineStarts {
  private readonly starts: Int32Array;
  private readonly count: number;

  constructor(readonly text: string) {
    let starts = new Int32Array(Math.max(16, text.length >> 5));
    let n = 1;
    for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) {
      if (n === starts.length) {
        const grown = new Int32Array(n * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[n++] = k + 1;
    }
    this.starts = starts;
    this.count = n;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const s = this.starts;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - s[lo] };
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}
