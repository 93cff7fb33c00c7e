// Doc comments: the comment(s) written immediately before a definition (no blank
// line in between), with comment markers and leading `*` stripped. Works on the
// text alone, so the tree lowering and the recovery parser share it.

/** The comment run right before a definition. Cleaning waits until `doc` is read:
 *  after `gcc -E -P` a third of a header's text can sit in such comments. */
export class DocComment {
  private cleaned: string | undefined | null = null;

  constructor(
    private readonly source: string,
    /** [start, end) of each comment, in source order. */
    private readonly spans: [number, number][],
  ) {}

  /** The cleaned text; undefined when the comments hold only markers and blanks. */
  get text(): string | undefined {
    if (this.cleaned === null) {
      const doc = this.spans
        .map(([s, e]) => cleanComment(this.source.slice(s, e)))
        .filter((p) => p.length > 0)
        .join('\n');
      this.cleaned = doc.length > 0 ? doc : undefined;
    }
    return this.cleaned;
  }

  /** Defines `target.doc` as a property computed on first read (then a plain data property). */
  attach(target: { doc?: string }): void {
    const settle = (value: string | undefined): string | undefined => {
      Object.defineProperty(target, 'doc', { value, enumerable: true, configurable: true, writable: true });
      return value;
    };
    Object.defineProperty(target, 'doc', {
      enumerable: true,
      configurable: true,
      get: () => settle(this.text),
      set: settle,
    });
  }
}

/** The doc comment ending right before `offset`, or undefined. */
export function docBefore(text: string, offset: number): DocComment | undefined {
  const spans: [number, number][] = [];
  let pos = offset;
  for (;;) {
    const end = skipBackWhitespace(text, pos);
    if (end === undefined) break;
    const start = commentStartBefore(text, end);
    // License tags are not documentation (after `gcc -E -P` they sit right above code).
    if (start === undefined || SPDX.test(text.slice(start, start + 64))) break;
    spans.unshift([start, end]);
    pos = start;
  }
  return spans.length > 0 ? new DocComment(text, spans) : undefined;
}

const SPDX = /^\/[*/][\s*]*SPDX-License-Identifier/;

/** Moves back over whitespace holding at most one line break; undefined past a blank line. */
function skipBackWhitespace(text: string, pos: number): number | undefined {
  let newlines = 0;
  let i = pos;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10) {
      if (++newlines > 1) return undefined;
    } else if (c !== 32 && c !== 9 && c !== 13) break;
    i--;
  }
  return i > 0 ? i : undefined;
}

/** Start of the block or line comment that ends exactly at `end`. */
function commentStartBefore(text: string, end: number): number | undefined {
  if (end >= 2 && text.charCodeAt(end - 1) === 47 && text.charCodeAt(end - 2) === 42) {
    const open = text.lastIndexOf('/*', end - 3);
    return open !== -1 && startsLine(text, open) ? open : undefined;
  }
  const at = lineIndex(text).firstNonBlank(end - 1);
  return at < end - 1 && text.charCodeAt(at) === 47 && text.charCodeAt(at + 1) === 47 ? at : undefined;
}

/** Whether only whitespace precedes `pos` on its line (a trailing comment documents the line before). */
function startsLine(text: string, pos: number): boolean {
  return lineIndex(text).firstNonBlank(pos) >= pos;
}

/** Line starts and each line's first non-blank offset, found once per text: slicing back to the
 *  line start for every definition made a header written on one line quadratic (issue 15). */
class LineIndex {
  private readonly starts: number[] = [0];
  private readonly firstText: Int32Array;

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    this.firstText = new Int32Array(this.starts.length).fill(-1);
  }

  /** The first offset on pos's line holding neither a space, a tab nor a CR (the line end if none). */
  firstNonBlank(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    if (this.firstText[lo] === -1) {
      let i = this.starts[lo];
      for (let c = this.text.charCodeAt(i); c === 32 || c === 9 || c === 13 || c === 12 || c === 11;)
        c = this.text.charCodeAt(++i);
      this.firstText[lo] = i;
    }
    return this.firstText[lo];
  }
}

let lastIndex: LineIndex | undefined;

function lineIndex(text: string): LineIndex {
  if (lastIndex?.text !== text) lastIndex = new LineIndex(text);
  return lastIndex;
}

export function cleanComment(raw: string): string {
  const block = raw.startsWith('/*');
  const body = block ? raw.slice(2, raw.endsWith('*/') ? -2 : undefined) : raw;
  const lines = body.split('\n').map((l) => stripLineMarker(l, block));
  let first = 0;
  let last = lines.length - 1;
  while (first <= last && lines[first].trim() === '') first++;
  while (last >= first && lines[last].trim() === '') last--;
  let indent = Infinity;
  for (let i = first; i <= last; i++) {
    const l = lines[i];
    if (l.length > 0 && l.trim()) indent = Math.min(indent, l.length - l.trimStart().length);
  }
  const cut = Number.isFinite(indent) ? indent : 0;
  let out = '';
  for (let i = first; i <= last; i++) out += (i > first ? '\n' : '') + lines[i].slice(cut);
  return out;
}

/** Drops a line's leading `*` run (block comments) or `//` (line comments), one space after it, and trailing blanks. */
function stripLineMarker(line: string, block: boolean): string {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  const marker = block ? 42 : 47;
  const start = i;
  while (i < line.length && line.charCodeAt(i) === marker) i++;
  if (i === start) return line.trimEnd();
  if (line.charCodeAt(i) === 32) i++;
  return line.slice(i).trimEnd();
}
