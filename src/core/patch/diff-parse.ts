// Unified-diff parsing of a mail body: `diff --git` extended headers (new,
// deleted, renamed, copied, binary files) and plain `---`/`+++` diffs, hunks
// read by their line counts so a truncated hunk is noticed and reported.

import type { Diagnostic } from '../diag/diagnostic';
import type { Position } from '../text/position';
import { PatchCode, patchDiag } from './codes';
import type { SourceLine } from './mime';
import type { FilePatch, Hunk, HunkLine, ParsedDiff } from './types';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../steps';

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Parses every file diff in the lines; `file` names the input for diagnostics. */
export function parseDiff(lines: readonly SourceLine[], file: string): ParsedDiff {
  return runSync(parseDiffSteps(lines, file));
}

/** The same, pausing every CHECKPOINT_EVERY lines skipped or hunks and files read, and every 8192
 *  lines of a hunk's body (the language server's drive). */
export function* parseDiffSteps(lines: readonly SourceLine[], file: string): Steps<ParsedDiff> {
  const files: FilePatch[] = [];
  const diagnostics: Diagnostic[] = [];
  const tick = { n: 0 };
  let i = 0;
  while (i < lines.length) {
    if ((++tick.n & (CHECKPOINT_EVERY - 1)) === 0) yield;
    const text = lines[i].text;
    const plain = text.startsWith('--- ') && lines[i + 1]?.text.startsWith('+++ ');
    if (!text.startsWith('diff --git ') && !plain) {
      i++;
      continue;
    }
    const fp: FilePatch = { kind: 'modify', binary: false, hunks: [], origin: lines[i].origin };
    i = text.startsWith('diff --git ') ? readGitHeader(lines, i, fp) : i;
    i = readPaths(lines, i, fp);
    i = yield* readHunks(lines, i, fp, file, diagnostics, tick);
    if (fp.binary) i = skipBinary(lines, i);
    files.push(fp);
  }
  return { files, diagnostics };
}

/** `diff --git a/x b/y` and its extended header lines; returns the index after them. */
function readGitHeader(lines: readonly SourceLine[], start: number, fp: FilePatch): number {
  const paths = gitHeaderPaths(lines[start].text.slice('diff --git '.length));
  if (paths) [fp.oldPath, fp.newPath] = paths;
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
    } else if (t.startsWith('rename to ') || t.startsWith('copy to '))
      fp.newPath = t.replace(/^(rename|copy) to /, '');
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

/** The two paths of `diff --git a/x b/y`, either of them C-quoted as git writes unusual names. */
function gitHeaderPaths(rest: string): [string, string] | undefined {
  let a: string;
  let after: string;
  if (rest.startsWith('"')) {
    const end = quotedEnd(rest);
    if (end < 0) return undefined;
    a = unquoteGitPath(rest.slice(0, end + 1));
    after = rest.slice(end + 1).trimStart();
  } else {
    const m = / (?="b\/)| (?=b\/)/.exec(rest);
    if (!m) return undefined;
    a = rest.slice(0, m.index);
    after = rest.slice(m.index + 1);
  }
  const b = after.startsWith('"') ? unquoteGitPath(after) : after;
  return [a.replace(/^a\//, ''), b.replace(/^b\//, '')];
}

/** Index of the `"` closing the quoted string that starts text, or -1. */
function quotedEnd(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

const C_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** git's C-style quoting (core.quotePath): `\303\244` are the UTF-8 bytes of 'ä'. */
export function unquoteGitPath(quoted: string): string {
  if (!quoted.startsWith('"') || !quoted.endsWith('"') || quoted.length < 2) return quoted;
  const body = quoted.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\' || i + 1 >= body.length) {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
      continue;
    }
    const oct = /^[0-3][0-7]{2}/.exec(body.slice(i + 1, i + 4));
    if (oct) {
      bytes.push(parseInt(oct[0], 8));
      i += 3;
    } else {
      const next = body[++i];
      bytes.push(C_ESCAPES[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function diffPath(text: string): string | undefined {
  let p = text.startsWith('"') ? text.slice(0, quotedEnd(text) + 1) : text.split('\t')[0].trim();
  if (p.startsWith('"') && p.endsWith('"') && p.length > 1) p = unquoteGitPath(p);
  if (p === '/dev/null') return undefined;
  return p.replace(/^[ab]\//, '');
}

function* readHunks(
  lines: readonly SourceLine[],
  start: number,
  fp: FilePatch,
  file: string,
  diags: Diagnostic[],
  tick: { n: number },
): Steps<number> {
  let i = start;
  while (i < lines.length) {
    if ((++tick.n & (CHECKPOINT_EVERY - 1)) === 0) yield;
    const m = HUNK_HEADER.exec(lines[i].text);
    if (!m && lines[i].text.startsWith('@@')) {
      i = corruptHunk(lines, i, fp, file, diags);
      continue;
    }
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
    i = yield* readHunkBody(lines, i + 1, hunk, tick);
    if (hunk.incomplete) diags.push(truncated(file, fp, hunk, lines[i - 1]?.origin ?? hunk.headerOrigin));
    fp.hunks.push(hunk);
  }
  return i;
}

/** A line starting with `@@` that is no hunk header: git apply stops with "corrupt patch".
 *  The hunk is kept as incomplete (never applied) and its lines are skipped. */
function corruptHunk(
  lines: readonly SourceLine[],
  start: number,
  fp: FilePatch,
  file: string,
  diags: Diagnostic[],
): number {
  const header = lines[start].text;
  const hunk: Hunk = {
    oldStart: 0,
    oldCount: 0,
    newStart: 0,
    newCount: 0,
    header,
    headerOrigin: lines[start].origin,
    lines: [],
    incomplete: true,
  };
  const name = fp.newPath ?? fp.oldPath ?? '?';
  const message = `${name}: corrupt patch: malformed hunk header '${header}' (git apply rejects it); the hunk is not applied`;
  diags.push(patchDiag(PatchCode.truncated, 'error', file, lines[start].origin, message));
  fp.hunks.push(hunk);
  let i = start + 1;
  while (i < lines.length && /^[-+ \\]/.test(lines[i].text) && !lines[i].text.startsWith('--- ')) i++;
  return i;
}

/** Reads lines until the hunk's old and new counts are met; an unexpected line marks it incomplete. */
function* readHunkBody(
  lines: readonly SourceLine[],
  start: number,
  hunk: Hunk,
  tick: { n: number },
): Steps<number> {
  let oldLeft = hunk.oldCount;
  let newLeft = hunk.newCount;
  let i = start;
  for (; i < lines.length && (oldLeft > 0 || newLeft > 0); i++) {
    if ((++tick.n & (8 * CHECKPOINT_EVERY - 1)) === 0) yield;
    const { text, origin, columns } = lines[i];
    const kind = lineKind(text);
    if (kind === 'marker') {
      markNoNewline(hunk);
      continue;
    }
    if (!kind || (kind !== 'add' && oldLeft === 0) || (kind !== 'remove' && newLeft === 0)) break;
    if (kind !== 'add') oldLeft--;
    if (kind !== 'remove') newLeft--;
    const line: HunkLine = {
      kind,
      text: text.slice(1),
      origin: { line: origin.line, character: origin.character },
      ...(columns ? { columns } : {}),
    };
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
