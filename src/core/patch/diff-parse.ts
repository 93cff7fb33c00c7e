// Unified-diff parsing of a mail body: `diff --git` extended headers (new,
// deleted, renamed, copied, binary files) and plain `---`/`+++` diffs, hunks
// read by their line counts so a truncated hunk is noticed and reported.

import type { Diagnostic } from '../diag/diagnostic';
import type { Position } from '../text/position';
import { PatchCode, patchDiag } from './codes';
import type { SourceLine } from './mime';
import type { FilePatch, Hunk, HunkLine, ParsedDiff } from './types';

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Parses every file diff in the lines; `file` names the input for diagnostics. */
export function parseDiff(lines: readonly SourceLine[], file: string): ParsedDiff {
  const files: FilePatch[] = [];
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  while (i < lines.length) {
    const text = lines[i].text;
    const plain = text.startsWith('--- ') && lines[i + 1]?.text.startsWith('+++ ');
    if (!text.startsWith('diff --git ') && !plain) {
      i++;
      continue;
    }
    const fp: FilePatch = { kind: 'modify', binary: false, hunks: [], origin: lines[i].origin };
    i = text.startsWith('diff --git ') ? readGitHeader(lines, i, fp) : i;
    i = readPaths(lines, i, fp);
    i = readHunks(lines, i, fp, file, diagnostics);
    if (fp.binary) i = skipBinary(lines, i);
    files.push(fp);
  }
  return { files, diagnostics };
}

/** `diff --git a/x b/y` and its extended header lines; returns the index after them. */
function readGitHeader(lines: readonly SourceLine[], start: number, fp: FilePatch): number {
  const m = /^diff --git (?:"?a\/)?(.+?)"? (?:"?b\/)?(.+?)"?$/.exec(lines[start].text);
  if (m) {
    fp.oldPath = m[1];
    fp.newPath = m[2];
  }
  let i = start + 1;
  for (; i < lines.length; i++) {
    const t = lines[i].text;
    if (t.startsWith('new file mode')) {
      fp.kind = 'add';
      fp.oldPath = undefined;
    } else if (t.startsWith('deleted file mode')) {
      fp.kind = 'delete';
      fp.newPath = undefined;
    } else if (t.startsWith('rename from ') || t.startsWith('copy from ')) {
      fp.kind = t.startsWith('rename') ? 'rename' : 'copy';
      fp.oldPath = t.replace(/^(rename|copy) from /, '');
    } else if (t.startsWith('rename to ') || t.startsWith('copy to ')) fp.newPath = t.replace(/^(rename|copy) to /, '');
    else if (t.startsWith('GIT binary patch') || /^Binary files .* differ$/.test(t)) fp.binary = true;
    else if (!/^(old mode|new mode|index |similarity index|dissimilarity index)/.test(t)) break;
  }
  return i;
}

/** The `---`/`+++` pair, when present; /dev/null marks added or deleted files. */
function readPaths(lines: readonly SourceLine[], i: number, fp: FilePatch): number {
  if (!lines[i]?.text.startsWith('--- ') || !lines[i + 1]?.text.startsWith('+++ ')) return i;
  const oldPath = diffPath(lines[i].text.slice(4));
  const newPath = diffPath(lines[i + 1].text.slice(4));
  if (oldPath === undefined) {
    fp.kind = 'add';
    fp.oldPath = undefined;
  } else if (fp.kind !== 'add') fp.oldPath = oldPath;
  if (newPath === undefined) {
    fp.kind = 'delete';
    fp.newPath = undefined;
  } else if (fp.kind !== 'delete') fp.newPath = newPath;
  return i + 2;
}

function diffPath(text: string): string | undefined {
  let p = text.split('\t')[0].trim();
  if (p.startsWith('"') && p.endsWith('"')) p = p.slice(1, -1).replace(/\\(.)/g, '$1');
  if (p === '/dev/null') return undefined;
  return p.replace(/^[ab]\//, '');
}

function readHunks(lines: readonly SourceLine[], start: number, fp: FilePatch, file: string, diags: Diagnostic[]): number {
  let i = start;
  while (i < lines.length) {
    const m = HUNK_HEADER.exec(lines[i].text);
    if (!m) break;
    const hunk: Hunk = {
      oldStart: Number(m[1]),
      oldCount: m[2] === undefined ? 1 : Number(m[2]),
      newStart: Number(m[3]),
      newCount: m[4] === undefined ? 1 : Number(m[4]),
      header: lines[i].text,
      headerOrigin: lines[i].origin,
      lines: [],
    };
    i = readHunkBody(lines, i + 1, hunk);
    if (hunk.incomplete) diags.push(truncated(file, fp, hunk, lines[i - 1]?.origin ?? hunk.headerOrigin));
    fp.hunks.push(hunk);
  }
  return i;
}

/** Reads lines until the hunk's old and new counts are met; an unexpected line marks it incomplete. */
function readHunkBody(lines: readonly SourceLine[], start: number, hunk: Hunk): number {
  let oldLeft = hunk.oldCount;
  let newLeft = hunk.newCount;
  let i = start;
  for (; i < lines.length && (oldLeft > 0 || newLeft > 0); i++) {
    const { text, origin, columns } = lines[i];
    const kind = lineKind(text);
    if (kind === 'marker') {
      markNoNewline(hunk);
      continue;
    }
    if (!kind || (kind !== 'add' && oldLeft === 0) || (kind !== 'remove' && newLeft === 0)) break;
    if (kind !== 'add') oldLeft--;
    if (kind !== 'remove') newLeft--;
    const line: HunkLine = { kind, text: text.slice(1), origin: { line: origin.line, character: origin.character }, ...(columns ? { columns } : {}) };
    hunk.lines.push(line);
  }
  if (oldLeft > 0 || newLeft > 0) hunk.incomplete = true;
  if (lines[i]?.text.startsWith('\\')) {
    markNoNewline(hunk);
    i++;
  }
  return i;
}

function lineKind(text: string): HunkLine['kind'] | 'marker' | undefined {
  const c = text[0];
  if (c === ' ' || text === '') return 'context'; // mailers strip the space of empty context lines
  if (c === '+') return 'add';
  if (c === '-') return 'remove';
  if (c === '\\') return 'marker';
  return undefined;
}

function markNoNewline(hunk: Hunk): void {
  const last = hunk.lines[hunk.lines.length - 1];
  if (last) last.noNewline = true;
}

function skipBinary(lines: readonly SourceLine[], i: number): number {
  while (i < lines.length && !lines[i].text.startsWith('diff --git ')) i++;
  return i;
}

function truncated(file: string, fp: FilePatch, hunk: Hunk, at: Position): Diagnostic {
  const name = fp.newPath ?? fp.oldPath ?? '?';
  const got = hunk.lines.length;
  return patchDiag(
    PatchCode.truncated,
    'error',
    file,
    at,
    `${name}: hunk '${hunk.header}' ends after ${got} line${got === 1 ? '' : 's'}, before its -${hunk.oldCount}/+${hunk.newCount} line counts are met (truncated or mangled mail); the hunk is not applied`,
  );
}

