// Doc comments: the comment(s) written immediately before a definition (no blank
// line in between), with comment markers and leading `*` stripped. Works on the
// text alone, so the tree lowering and the recovery parser share it.

/** The doc comment ending right before `offset`, or undefined. */
export function docBefore(text: string, offset: number): string | undefined {
  const parts: string[] = [];
  let pos = offset;
  for (;;) {
    const end = skipBackWhitespace(text, pos);
    if (end === undefined) break;
    const start = commentStartBefore(text, end);
    if (start === undefined) break;
    const cleaned = cleanComment(text.slice(start, end));
    // License tags are not documentation (after `gcc -E -P` they sit right above code).
    if (cleaned.startsWith('SPDX-License-Identifier')) break;
    parts.unshift(cleaned);
    pos = start;
  }
  const doc = parts.filter((p) => p.length > 0).join('\n');
  return doc.length > 0 ? doc : undefined;
}

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
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  const line = text.slice(lineStart, end);
  const at = line.search(/^\s*\/\//);
  return at === -1 ? undefined : lineStart + line.indexOf('//');
}

/** Whether only whitespace precedes `pos` on its line (a trailing comment documents the line before). */
function startsLine(text: string, pos: number): boolean {
  return text.slice(text.lastIndexOf('\n', pos - 1) + 1, pos).trim() === '';
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
