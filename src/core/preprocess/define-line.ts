// A `#define` line of a lexed file, parsed once for every run that shares the file (the ABIs
// of a run, an editor's rebuilds): its MacroDef, where its name is, its doc comment, and the line
// as the DefineLine the macro grammar reads (with its spelled length, measured without building
// the body: the preprocessor's size budget counts every #define, most are never expanded).

import { docCommentBefore } from './doc-comment';
import { F_BOL, F_SPACE, K_IDENT, tokenText, type LexedFile } from './lexer';
import { parseDefine, type DefineLine, type DefineResult } from './macro-def';
import type { SourceLocation } from '../text/position';
import type { Preprocessor } from './preprocessor';
import { fileToken, needsSpaceCodes, type PPToken } from './pp-token';

export interface ParsedDefine {
  loc: SourceLocation;
  res: DefineResult;
  /** The comment before the line (null: none); computed on first ask (main files only). */
  doc?: string | null;
}

/** The #define line at d.i parsed once per lexed file: the ABIs of a run (and an editor's rebuilds)
 *  share the lexed file, and a line's MacroDef depends only on its tokens (MacroDefs are never
 *  mutated). A main file's lines were parsed again on every ABI, a share of each ABI's build. */
export function parsedDefine(
  pp: Preprocessor,
  f: LexedFile,
  d: { i: number; end: number; hashAt: number },
): ParsedDefine {
  const memo = (f.defines ??= new Map<number, unknown>()) as Map<number, ParsedDefine>;
  let p = memo.get(d.i);
  if (!p) {
    const first = d.i + 2;
    const hasName = first < d.end;
    const nameAt = hasName ? f.toOrig(f.start[first]) : d.hashAt;
    const loc = pp.fileLoc(f, nameAt, hasName ? f.toOrig(f.end[first]) : d.hashAt + 1);
    p = { loc, res: parseDefine(new FileLine(f, first, d.end), loc) };
    memo.set(d.i, p);
  }
  return p;
}

export function docOf(p: ParsedDefine, f: LexedFile, i: number): string | undefined {
  if (p.doc === undefined) p.doc = docCommentBefore(f.clean, i > 0 ? f.end[i - 1] : 0, f.start[i]) ?? null;
  return p.doc ?? undefined;
}

/** Tokens [from, to) of a lexed file as a DefineLine. */
class FileLine implements DefineLine {
  readonly count: number;

  constructor(
    private readonly f: LexedFile,
    private readonly from: number,
    to: number,
  ) {
    this.count = to - from;
  }

  text(k: number): string {
    return tokenText(this.f, this.from + k);
  }

  isIdent(k: number): boolean {
    return this.f.kind[this.from + k] === K_IDENT;
  }

  spaceBefore(k: number): boolean {
    return (this.f.flags[this.from + k] & F_SPACE) !== 0;
  }

  token(k: number): PPToken {
    return fileToken(this.f, this.from + k);
  }

  spelledLength(from: number): number {
    const { clean, start, end, flags } = this.f;
    let n = 0;
    let prevStart = -1;
    let prevEnd = -1;
    for (let k = this.from + from; k < this.from + this.count; k++) {
      const s = start[k];
      const e = end[k];
      if (e === s) continue;
      if (prevEnd >= 0) {
        const a2 = prevEnd - prevStart > 1 ? clean.charCodeAt(prevEnd - 2) : -1;
        const spaced = (flags[k] & (F_SPACE | F_BOL)) !== 0;
        if (spaced || needsSpaceCodes(clean.charCodeAt(prevEnd - 1), a2, clean.charCodeAt(s))) n++;
      }
      n += e - s;
      prevStart = s;
      prevEnd = e;
    }
    return n;
  }
}
