// The expanded text under construction and its map back to the sources:
// copied source maps offset-for-offset, an expansion maps to its invocation,
// blank lines left by directives map to the directive. Segments live in
// parallel typed arrays: a whole tree makes hundreds of thousands of them.

import type { Range, SourceLocation } from '../text/position';
import type { LineStarts } from './line-starts';
import type { SourceMapLike } from './types';

/** Segments in columns. Segment k: output [out, out+len) comes from file `files[file]`;
 *  exact: out+j comes from src+j; otherwise the whole stretch stands for [src, srcEnd). */
export interface SegmentTable {
  count: number;
  out: Int32Array;
  len: Int32Array;
  src: Int32Array;
  srcEnd: Int32Array;
  /** File index, negated minus one when the segment is not exact. */
  file: Int32Array;
  files: string[];
}

/** A recorded run of segments (a cached include's), with output offsets relative to its start. */
export interface SegmentSlice {
  out: Int32Array;
  len: Int32Array;
  src: Int32Array;
  srcEnd: Int32Array;
  file: Int32Array;
  files: string[];
}

const NEWLINES: string[] = Array.from({ length: 64 }, (_, n) => '\n'.repeat(n));

export function newlineString(n: number): string {
  return n < NEWLINES.length ? NEWLINES[n] : '\n'.repeat(n);
}

export class OutputBuilder {
  readonly parts: string[] = [];
  length = 0;
  private readonly t: SegmentTable = {
    count: 0,
    out: new Int32Array(1024),
    len: new Int32Array(1024),
    src: new Int32Array(1024),
    srcEnd: new Int32Array(1024),
    file: new Int32Array(1024),
    files: [],
  };
  private readonly fileIds = new Map<string, number>();
  /** Segments before this index are never extended (they belong to an enclosing file's chunk). */
  private sealed = 0;

  get segmentCount(): number {
    return this.t.count;
  }

  get table(): SegmentTable {
    return this.t;
  }

  /** Starts a new chunk: later copies do not merge into earlier segments. */
  seal(): void {
    this.sealed = this.t.count;
  }

  private fileId(file: string): number {
    let id = this.fileIds.get(file);
    if (id === undefined) {
      id = this.t.files.length;
      this.t.files.push(file);
      this.fileIds.set(file, id);
    }
    return id;
  }

  private push(out: number, len: number, file: number, src: number, srcEnd: number): void {
    const t = this.t;
    if (t.count === t.out.length) {
      const size = t.count * 2;
      t.out = grow(t.out, size);
      t.len = grow(t.len, size);
      t.src = grow(t.src, size);
      t.srcEnd = grow(t.srcEnd, size);
      t.file = grow(t.file, size);
    }
    const k = t.count++;
    t.out[k] = out;
    t.len[k] = len;
    t.file[k] = file;
    t.src[k] = src;
    t.srcEnd[k] = srcEnd;
  }

  /** Appends source text [from, to) of file, mapped exactly. */
  copy(file: string, text: string, from: number, to: number): void {
    if (to <= from) return;
    const t = this.t;
    const id = this.fileId(file);
    const k = t.count - 1;
    if (k >= this.sealed && t.file[k] === id && t.srcEnd[k] === from && t.out[k] + t.len[k] === this.length) {
      t.len[k] += to - from;
      t.srcEnd[k] = to;
    } else {
      this.push(this.length, to - from, id, from, to);
    }
    this.parts.push(text.slice(from, to));
    this.length += to - from;
  }

  /** Appends text known to equal source [src, src + text.length) of file, mapped exactly. */
  emitExact(text: string, file: string, src: number): void {
    if (text === '') return;
    const t = this.t;
    const id = this.fileId(file);
    const k = t.count - 1;
    if (k >= this.sealed && t.file[k] === id && t.srcEnd[k] === src && t.out[k] + t.len[k] === this.length) {
      t.len[k] += text.length;
      t.srcEnd[k] += text.length;
    } else {
      this.push(this.length, text.length, id, src, src + text.length);
    }
    this.parts.push(text);
    this.length += text.length;
  }

  /** Appends generated text that stands for source range [src, srcEnd) of file. */
  emit(text: string, file: string, src: number, srcEnd: number): void {
    if (text === '') return;
    this.push(this.length, text.length, -1 - this.fileId(file), src, srcEnd);
    this.parts.push(text);
    this.length += text.length;
  }

  /** The segments from index `from` on, with output offsets made relative to `base`. */
  sliceSegments(from: number, base: number): SegmentSlice {
    const t = this.t;
    const out = t.out.slice(from, t.count);
    for (let k = 0; k < out.length; k++) out[k] -= base;
    return {
      out,
      len: t.len.slice(from, t.count),
      src: t.src.slice(from, t.count),
      srcEnd: t.srcEnd.slice(from, t.count),
      file: t.file.slice(from, t.count),
      files: t.files.slice(),
    };
  }

  /** Appends text and segments recorded earlier (a cached include), shifted to the current end. */
  append(text: string, s: SegmentSlice): void {
    const base = this.length;
    for (let k = 0; k < s.out.length; k++) {
      const f = s.file[k];
      const exact = f >= 0;
      const id = this.fileId(s.files[exact ? f : -1 - f]);
      this.push(s.out[k] + base, s.len[k], exact ? id : -1 - id, s.src[k], s.srcEnd[k]);
    }
    if (text) this.parts.push(text);
    this.length += text.length;
  }

  endsWithNewline(): boolean {
    const p = this.parts[this.parts.length - 1];
    return p === undefined || p.endsWith('\n');
  }

  text(): string {
    const t = this.parts.join('');
    this.parts.length = 0;
    this.parts.push(t);
    return t;
  }
}

function grow(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/** Looks up output offsets in the segments; positions come from per-file line indexes. */
export class SourceMap implements SourceMapLike {
  constructor(
    private readonly t: SegmentTable,
    private readonly lineIndex: (file: string) => LineStarts | undefined,
  ) {}

  locate(start: number, end: number): SourceLocation {
    const a = this.find(start);
    if (a < 0)
      return {
        file: '<unknown>',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      };
    const t = this.t;
    const file = this.fileOf(a);
    const s = this.srcAt(a, start, false);
    const b = end > start ? this.find(end - 1) : a;
    let e = this.srcAt(a, t.out[a] + t.len[a], true);
    if (b >= 0 && this.fileOf(b) === file) {
      const eb = this.srcAt(b, end, true);
      if (eb >= s) e = eb;
    }
    return { file, range: this.range(file, s, Math.max(s, e)) };
  }

  private fileOf(k: number): string {
    const f = this.t.file[k];
    return this.t.files[f >= 0 ? f : -1 - f];
  }

  /** Source offset for output offset o inside segment k (for a generated stretch: its start or end). */
  private srcAt(k: number, o: number, isEnd: boolean): number {
    const t = this.t;
    if (t.file[k] < 0) return isEnd ? t.srcEnd[k] : t.src[k];
    return t.src[k] + Math.min(Math.max(0, o - t.out[k]), t.len[k]);
  }

  private range(file: string, s: number, e: number): Range {
    const li = this.lineIndex(file);
    if (!li) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return li.rangeOf(s, e);
  }

  /** Index of the last segment starting at or before o (-1 when there are none). */
  private find(o: number): number {
    const t = this.t;
    let lo = 0;
    let hi = t.count - 1;
    let found = t.count > 0 ? 0 : -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (t.out[mid] <= o) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
