// Invariants every diagnostic must hold: it names a file, its range is a real
// range inside that file's text (when the text is known), and it is not a
// caught crash dressed up as a diagnostic ("internal error").

import type { Diagnostic } from '../../../src/core/diag/diagnostic';
import { invariant } from '../targets/types';

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);
/** Messages the core writes when it caught an exception of its own. */
export const CAUGHT_CRASH =
  /internal (error|preprocessor error|parser error)|\[object Object\]|cannot read: /;

/** texts: the known files' texts; a diagnostic on a known file must stay inside it. */
export function checkDiagnostics(diags: readonly Diagnostic[], texts: ReadonlyMap<string, string>): void {
  for (const d of diags) checkDiagnostic(d, texts);
}

export function checkDiagnostic(d: Diagnostic, texts: ReadonlyMap<string, string>): void {
  const where = () =>
    `diagnostic ${JSON.stringify({ code: d.code, file: d.file, range: d.range, message: d.message?.slice(0, 300) })}`;
  invariant(typeof d.file === 'string' && d.file.length > 0, () => `${where()} names no file`);
  invariant(typeof d.message === 'string' && d.message.trim().length > 0, () => `${where()} has no message`);
  invariant(SEVERITIES.has(d.severity), () => `${where()} has severity ${String(d.severity)}`);
  invariant(typeof d.code === 'string' && d.code.length > 0, () => `${where()} has no code`);
  invariant(!CAUGHT_CRASH.test(d.message), () => `caught crash: ${where()}`);
  const { start, end } = d.range;
  for (const p of [start, end]) {
    invariant(
      Number.isSafeInteger(p.line) && p.line >= 0 && Number.isSafeInteger(p.character) && p.character >= 0,
      () => `${where()} has a bad position`,
    );
  }
  invariant(
    start.line < end.line || (start.line === end.line && start.character <= end.character),
    () => `${where()} ends before it starts`,
  );
  const text = texts.get(d.file);
  if (text === undefined) return;
  const count = lineCount(text);
  invariant(
    end.line < count || (end.line === count && end.character === 0),
    () => `${where()} is past the end of the file (${count} lines)`,
  );
}

const LINE_COUNTS = new Map<string, number>();

/** Lines as gcc and the LSP count them (\r\n, a lone \r and \n each end one), once per text:
 *  splitting per diagnostic made 20,000 diagnostics on a 40 KB mail a 30 s "hang" of the harness. */
function lineCount(text: string): number {
  let n = LINE_COUNTS.get(text);
  if (n === undefined) {
    n = text.split(/\r\n|\r|\n/).length;
    if (LINE_COUNTS.size > 64) LINE_COUNTS.clear();
    LINE_COUNTS.set(text, n);
  }
  return n;
}

export function checkMessage(message: string, file: string, what: string): void {
  invariant(typeof message === 'string' && message.trim().length > 0, `${what}: empty message`);
  invariant(
    message.includes(file),
    () => `${what}: message does not name the file ${file}: ${message.slice(0, 300)}`,
  );
  invariant(!CAUGHT_CRASH.test(message), () => `${what}: caught crash: ${message.slice(0, 300)}`);
}
