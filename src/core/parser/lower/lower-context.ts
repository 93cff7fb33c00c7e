// State shared by every lowering step of one translation unit: the text, the
// source map, collected diagnostics, and the typedef names seen so far (C needs
// them to tell `sizeof(T)` and `(T)x` casts from parenthesized expressions).

import { diagnostic, type Diagnostic } from '../../diag/diagnostic';
import { DiagCode } from '../../diag/codes';
import type { SourceMapLike } from '../../preprocess/types';
import { ZERO_RANGE, type SourceLocation } from '../../text/position';
import type { ItemRun } from '../recovery/share-items';

/** Names GCC knows as types without any declaration. */
const BUILTIN_TYPEDEFS = ['__builtin_va_list', '__int128_t', '__uint128_t', '_Float128', '__float128'];

export class LowerContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly typedefs = new Set<string>(BUILTIN_TYPEDEFS);
  /** The offset of the last syntax error (see syntaxError); a parse that goes back restores it. */
  lastErrorAt = -1;
  /** Top-level items shared with sibling parses (the unit's other ABIs), when the hand parser reads it all. */
  items?: ItemRun;

  constructor(
    /** The original expanded text (not the tree-sitter-normalized copy). */
    readonly text: string,
    readonly map: SourceMapLike,
  ) {}

  loc(start: number, end: number): SourceLocation {
    try {
      return this.map.locate(start, Math.max(start, end));
    } catch {
      return { file: '<unknown>', range: ZERO_RANGE };
    }
  }

  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  /** Reports a syntax error; a second report at the same offset (one cause seen twice) is dropped. */
  syntaxError(start: number, end: number, message: string): void {
    if (start === this.lastErrorAt) return;
    this.lastErrorAt = start;
    const where = this.loc(start, end);
    this.diagnostics.push(diagnostic(DiagCode.syntaxError, 'error', where.file, where.range, message));
  }
}

/** How a token is shown in messages: `'foo'`, or "end of input". */
export function describeToken(text: string): string {
  if (text === '') return 'end of input';
  const shown = text.length > 24 ? `${text.slice(0, 24)}...` : text;
  return `'${shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}
