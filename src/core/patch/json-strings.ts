// Finds the raw JSON string literals of chosen keys (`"diff": "..."`) and
// decodes them keeping, for every decoded line, its position in the raw text,
// so findings on a Patchwork API page land on the page's own line and column.

import { LineIndex } from '../text/position';
import type { SourceLine } from './mime';

export interface RawJsonString {
  key: string;
  value: string;
  lines: SourceLine[];
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '"': '"',
  '\\': '\\',
  '/': '/',
};

/** Every `"key": "..."` literal for the given keys, in document order. */
export function findRawStrings(
  raw: string,
  keys: readonly string[],
  index = new LineIndex(raw),
): RawJsonString[] {
  const out: RawJsonString[] = [];
  const pattern = new RegExp(`(?<!\\\\)"(${keys.map(escapeRe).join('|')})"\\s*:\\s*"`, 'g');
  for (let m = pattern.exec(raw); m; m = pattern.exec(raw)) {
    const decoded = decodeAt(raw, m.index + m[0].length, index);
    if (!decoded) continue;
    out.push({ key: m[1], value: decoded.value, lines: decoded.lines });
    pattern.lastIndex = decoded.end;
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Decodes the string whose first content character is at `start`; lines split on decoded `\n`.
 *  A line holding escapes records the raw column of every decoded unit, so positions map back exactly. */
function decodeAt(
  raw: string,
  start: number,
  index: LineIndex,
): { value: string; lines: SourceLine[]; end: number } | undefined {
  const parts: string[] = [];
  const lines: SourceLine[] = [];
  // A JSON string never spans raw lines: every decoded line lies on the raw line of `start`.
  const origin = index.positionAt(start);
  const column = (offset: number) => origin.character + (offset - start);
  let lineStart = start;
  let current = '';
  let cols: number[] = [];
  let escaped = false;
  const finish = (endOffset: number) => {
    const text = current.replace(/\r$/, '');
    const line: SourceLine = { text, origin: { line: origin.line, character: column(lineStart) } };
    if (escaped)
      line.columns = [
        ...cols.slice(0, text.length),
        text.length < cols.length ? cols[text.length] : column(endOffset),
      ];
    lines.push(line);
    parts.push(current);
  };
  for (let i = start; i < raw.length; i++) {
    const c = raw[i];
    const at = i;
    if (c === '"') {
      finish(i);
      return { value: parts.join('\n'), lines, end: i + 1 };
    }
    let ch = c;
    if (c === '\\') {
      const e = raw[i + 1];
      if (e === 'u') {
        const hex = raw.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
        ch = String.fromCharCode(parseInt(hex, 16));
        i += 5;
      } else {
        if (!(e in ESCAPES)) return undefined;
        ch = ESCAPES[e];
        i += 1;
      }
      if (ch !== '\n') escaped = true;
    } else if (c === '\n') return undefined;
    if (ch === '\n') {
      finish(at);
      current = '';
      cols = [];
      escaped = false;
      lineStart = i + 1;
    } else {
      current += ch;
      cols.push(column(at));
    }
  }
  return undefined;
}
