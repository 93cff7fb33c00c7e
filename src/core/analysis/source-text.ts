// Source text for messages and fixes: the spelling of a member as written
// (the models see expanded text), its line's indentation, and text edits that
// insert or replace whole tokens. Reads through the workspace's FileHost.

import { LineIndex, type Range } from '../text/position';
import type { TextEdit } from '../diag/diagnostic';
import type { CheckContext } from './context';

const cache = new WeakMap<CheckContext, Map<string, LineIndex | null>>();

/** The line index of a file's text, or undefined when it cannot be read. */
export function sourceOf(ctx: CheckContext, file: string): LineIndex | undefined {
  let perCtx = cache.get(ctx);
  if (!perCtx) cache.set(ctx, (perCtx = new Map()));
  if (!perCtx.has(file)) {
    let text: string | undefined;
    try {
      text = ctx.workspace.host.readFile(file);
    } catch {
      text = undefined;
    }
    perCtx.set(file, text === undefined ? null : new LineIndex(text));
  }
  return perCtx.get(file) ?? undefined;
}

/** The text of a range as written in the source, '' when unknown. */
export function textAt(ctx: CheckContext, file: string, range: Range): string {
  const src = sourceOf(ctx, file);
  if (!src) return '';
  return src.text.slice(src.offsetAt(range.start), src.offsetAt(range.end));
}

export function lineText(ctx: CheckContext, file: string, line: number): string {
  return sourceOf(ctx, file)?.lineText(line) ?? '';
}

/** Leading whitespace of a line, and the separator it puts between a member's type and name. */
export function memberStyle(ctx: CheckContext, file: string, line: number): { indent: string; sep: string } {
  const text = lineText(ctx, file, line);
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '\t';
  const sep = /^[ \t]*[\w ]*?\w(\s+)[*\w]/.exec(text)?.[1] ?? ' ';
  return { indent: indent || '\t', sep: sep.includes('\t') ? '\t' : ' ' };
}

/** An edit inserting whole lines before `line` (0-based). */
export function insertLinesBefore(file: string, line: number, lines: string[]): TextEdit {
  const pos = { line, character: 0 };
  return { file, range: { start: pos, end: pos }, newText: lines.map((l) => `${l}\n`).join('') };
}

/** An edit replacing the first whole-word occurrence of `word` inside `range`, or undefined. */
export function replaceWord(
  ctx: CheckContext,
  file: string,
  range: Range,
  word: string,
  by: string,
): TextEdit | undefined {
  const src = sourceOf(ctx, file);
  if (!src) return undefined;
  const start = src.offsetAt(range.start);
  const text = src.text.slice(start, src.offsetAt(range.end));
  const m = new RegExp(`\\b${word}\\b`).exec(text);
  if (!m) return undefined;
  return { file, range: src.rangeOf(start + m.index, start + m.index + word.length), newText: by };
}
