// Finds the doc comment written right before a directive (a block comment or
// a run of // lines, on lines of their own, with no blank line in between),
// so #define records can carry it for hovers.

/** The comment ending right before offset `at` in text, searching back no further than `from`. */
export function docCommentBefore(text: string, from: number, at: number): string | undefined {
  // Fast rejection: what precedes the line must end a comment (`*/` or a `//` line).
  let k = at - 1;
  while (k >= from && isSpace(text.charCodeAt(k))) k--;
  if (k < from) return undefined;
  if (
    !(text.charCodeAt(k) === 47 && text.charCodeAt(k - 1) === 42) &&
    text.lastIndexOf('//', k) < Math.max(from, text.lastIndexOf('\n', k))
  ) {
    return undefined;
  }
  const gap = text.slice(from, at);
  if (!gap.includes('/')) return undefined;
  const re = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
  let last: { start: number; end: number }[] = [];
  let prevEnd = -1;
  for (let m = re.exec(gap); m; m = re.exec(gap)) {
    const start = m.index;
    const end = start + m[0].length;
    const between = prevEnd < 0 ? '' : gap.slice(prevEnd, start);
    const isLine = m[0].startsWith('//');
    const continues =
      last.length > 0 &&
      isLine &&
      gap.slice(last[0].start, last[0].start + 2) === '//' &&
      /^[ \t]*\n[ \t]*$/.test(between);
    last = continues ? [...last, { start, end }] : [{ start, end }];
    prevEnd = end;
  }
  if (last.length === 0) return undefined;
  const first = last[0];
  const end = last[last.length - 1].end;
  if (!/^[ \t\r]*\n?[ \t\r]*$/.test(gap.slice(end))) return undefined; // a blank line or code in between
  const lineStart = text.lastIndexOf('\n', from + first.start - 1) + 1;
  if (!/^[ \t]*$/.test(text.slice(lineStart, from + first.start))) return undefined; // trails other code
  return stripMarkers(last.map((c) => gap.slice(c.start, c.end)));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

function stripMarkers(comments: string[]): string {
  if (comments[0].startsWith('//'))
    return comments
      .map((c) => c.replace(/^\/\/+ ?/, ''))
      .join('\n')
      .trim();
  const body = comments[0].replace(/^\/\*+/, '').replace(/\*+\/$/, '');
  return body
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, '').trimEnd())
    .join('\n')
    .trim();
}
