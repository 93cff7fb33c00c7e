// Writes a macro expansion into the output in place of source [from, to): tokens
// written verbatim in the file (macro arguments) map exactly to where they were
// written, everything else to the whole invocation. Split from preprocessor.ts.

import { newlines } from './file-source';
import type { LexedFile } from './lexer';
import type { OutputBuilder } from './output';
import { needsSpace, type PPToken } from './pp-token';

export function writeExpansion(
  out: OutputBuilder,
  tokens: readonly PPToken[],
  f: LexedFile,
  from: number,
  to: number,
): void {
  let generated = '';
  let prev = f.text[from - 1] ?? ' ';
  let first = true;
  for (const t of tokens) {
    if (t.text === '') continue;
    if ((!first && t.spaceBefore) || needsSpace(prev, t.text)) generated += ' ';
    first = false;
    prev = t.text;
    if (t.verbatim && t.file === f.path) {
      out.emit(generated, f.path, from, to);
      generated = '';
      out.emitExact(t.text, f.path, t.offset);
    } else {
      generated += t.text;
    }
  }
  if (!first && needsSpace(prev, f.text[to] ?? ' ')) generated += ' ';
  out.emit(generated + newlines(f.text, from, to), f.path, from, to);
}
