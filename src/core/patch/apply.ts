// In-memory application of one file's hunks onto its base lines, with the
// offsets and fuzz (up to 2 context lines) that `git apply`/`patch` accept.
// Every post-image line remembers whether it is a base line or which `+` line
// of which mail added it. Nothing is ever written to disk.

import type { Diagnostic } from '../diag/diagnostic';
import type { Position } from '../text/position';
import { PatchCode, patchDiag } from './codes';
import type { FilePatch, Hunk, HunkLine } from './types';
import { pushAll } from '../text/push-all';

/** A line of a pre- or post-image: base text, or added by a mail's `+` line. */
export interface ImageLine {
  text: string;
  /** Set when a patch added the line: which mail (index in the series being applied) and where its `+` line is. */
  added?: { mail: number; origin: Position; columns?: readonly number[] };
}

export interface HunkPlacement {
  hunk: Hunk;
  /** 0-based base line where the hunk's first verified old line matched; undefined when it failed. */
  at?: number;
  offset: number;
  fuzz: number;
}

export interface ApplyResult {
  /** The post-image; undefined when the file is deleted. */
  lines?: ImageLine[];
  /** The pre-image when some hunk was already applied in the base (the base with those hunks undone). */
  pre?: ImageLine[];
  placements: HunkPlacement[];
  diagnostics: Diagnostic[];
}

const MAX_FUZZ = 2;

/** Applies fp's hunks to base (undefined: the file does not exist). `mail` tags the added lines. */
export function applyFilePatch(
  base: readonly ImageLine[] | undefined,
  fp: FilePatch,
  mail: number,
  file: string,
): ApplyResult {
  const name = fp.newPath ?? fp.oldPath ?? '?';
  const result: ApplyResult = { placements: [], diagnostics: [] };
  if (fp.kind === 'add' && base) {
    const added = fp.hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'add'));
    if (added.length === base.length && added.every((l, i) => l.text === base[i].text)) {
      // The file the patch creates is there with exactly its content: already applied.
      result.lines = base.map((l, i) => ({
        text: l.text,
        added: { mail, origin: added[i].origin, columns: added[i].columns },
      }));
      result.pre = [];
      result.diagnostics.push(
        patchDiag(
          PatchCode.alreadyApplied,
          'info',
          file,
          fp.origin,
          `${name}: already applied: the base has this new file with the patch's content; the base is analyzed as it is`,
        ),
      );
      return result;
    }
    result.diagnostics.push(
      patchDiag(
        PatchCode.hunkFailed,
        'error',
        file,
        fp.origin,
        `${name}: the patch creates this file, but it already exists in the base`,
      ),
    );
    result.lines = [...base];
    return result;
  }
  if (fp.kind !== 'add' && !base) {
    // Only headers are analyzed: a missing source file is worth a note, a missing header a warning.
    const severity = /\.h$/.test(fp.oldPath ?? name) ? 'warning' : 'info';
    result.diagnostics.push(
      patchDiag(
        PatchCode.baseMissing,
        severity,
        file,
        fp.origin,
        `${fp.oldPath ?? name}: not found in the base; the patch for it is not applied`,
      ),
    );
    return result;
  }
  const out: ImageLine[] = [];
  // The pre-image as this patch saw it: differs from the base only where a hunk was already applied.
  const pre: ImageLine[] = [];
  const already: HunkPlacement[] = [];
  const source = base ?? [];
  let cursor = 0;
  let lastOffset = 0;
  for (const hunk of fp.hunks) {
    if (hunk.incomplete) continue;
    const placed = placeHunk(source, hunk, cursor, lastOffset);
    // Like GNU patch's "Reversed (or previously applied) patch detected": a hunk whose new side is
    // in the base exactly, where its old side is not (or only with fuzz), is already applied.
    const reverse =
      placed.at === undefined || placed.placement.fuzz > 0
        ? placeHunk(source, reversed(hunk), cursor, lastOffset)
        : undefined;
    if (
      reverse?.at !== undefined &&
      (placed.at === undefined || reverse.placement.fuzz < placed.placement.fuzz)
    ) {
      const slice = source.slice(cursor, reverse.at);
      pushAll(out, slice);
      pushAll(pre, slice);
      let k = reverse.at;
      for (const line of reverse.lines) {
        if (line.kind === 'context') {
          out.push(source[k]);
          pre.push(source[k++]);
        } else if (line.kind === 'remove')
          out.push({ text: source[k++].text, added: { mail, origin: line.origin, columns: line.columns } });
        else pre.push({ text: line.text });
      }
      cursor = k;
      result.placements.push({ ...reverse.placement, hunk });
      already.push({ ...reverse.placement, hunk });
      continue;
    }
    result.placements.push(placed.placement);
    if (placed.at === undefined) {
      result.diagnostics.push(failed(file, name, hunk, source, lastOffset));
      continue;
    }
    const slice = source.slice(cursor, placed.at);
    pushAll(out, slice);
    pushAll(pre, slice);
    let k = placed.at;
    for (const line of placed.lines) {
      if (line.kind === 'context') out.push(source[k++]);
      else if (line.kind === 'remove') k++;
      else out.push({ text: line.text, added: { mail, origin: line.origin, columns: line.columns } });
    }
    pushAll(pre, source.slice(placed.at, k));
    cursor = k;
    lastOffset = placed.placement.offset;
    if (placed.placement.offset !== 0 || placed.placement.fuzz !== 0)
      result.diagnostics.push(offsetNote(file, name, placed.placement));
  }
  pushAll(out, source.slice(cursor));
  pushAll(pre, source.slice(cursor));
  result.lines = fp.kind === 'delete' ? undefined : out;
  if (already.length) {
    result.pre = pre;
    result.diagnostics.push(alreadyNote(file, name, already, fp.hunks.filter((h) => !h.incomplete).length));
  }
  return result;
}

/** The hunk undone: its added lines are what the base must hold, its removed lines what it lacks. */
function reversed(hunk: Hunk): Hunk {
  const swap = { add: 'remove', remove: 'add', context: 'context' } as const;
  return {
    ...hunk,
    oldStart: hunk.newStart,
    oldCount: hunk.newCount,
    newStart: hunk.oldStart,
    newCount: hunk.oldCount,
    lines: hunk.lines.map((l) => ({ ...l, kind: swap[l.kind] })),
  };
}

function alreadyNote(
  file: string,
  name: string,
  already: readonly HunkPlacement[],
  total: number,
): Diagnostic {
  const which =
    already.length === total
      ? total === 1
        ? 'its hunk'
        : `all ${total} hunks`
      : `${already.length} of ${total} hunks (${already.map((p) => `'${p.hunk.header}'`).join(', ')})`;
  const at = already[0];
  return patchDiag(
    PatchCode.alreadyApplied,
    'info',
    file,
    at.hunk.headerOrigin,
    `${name}: already applied: ${which} already in the base (new lines found at line ${(at.at ?? 0) + 1}; git apply would refuse, GNU patch says "Reversed (or previously applied)"); the base is analyzed as it is, those lines as this patch's`,
  );
}

interface Placed {
  at?: number;
  lines: HunkLine[];
  placement: HunkPlacement;
}

/** Finds where the hunk's old side matches, nearest the expected line first, with growing fuzz. */
function placeHunk(base: readonly ImageLine[], hunk: Hunk, cursor: number, lastOffset: number): Placed {
  const expected = (hunk.oldCount === 0 ? hunk.oldStart : hunk.oldStart - 1) + lastOffset;
  for (let fuzz = 0; fuzz <= MAX_FUZZ; fuzz++) {
    const lines = trimContext(hunk.lines, fuzz);
    if (!lines) break;
    const old = lines.filter((l) => l.kind !== 'add').map((l) => l.text);
    // Fuzz that leaves only blank lines to match would place the hunk anywhere: refuse it.
    if (fuzz > 0 && !old.some((t) => t.trim() !== '')) break;
    const lead = leadingTrimmed(hunk.lines, fuzz);
    const at = search(base, old, expected + lead, cursor);
    if (at !== undefined) {
      return {
        at,
        lines,
        placement: {
          hunk,
          at,
          offset: at - lead - (hunk.oldCount === 0 ? hunk.oldStart : hunk.oldStart - 1),
          fuzz,
        },
      };
    }
  }
  return { lines: hunk.lines, placement: { hunk, offset: 0, fuzz: 0 } };
}

/** The hunk with up to `fuzz` context lines dropped at each end; undefined when there are not that many. */
function trimContext(lines: readonly HunkLine[], fuzz: number): HunkLine[] | undefined {
  if (fuzz === 0) return [...lines];
  const lead = leadingTrimmed(lines, fuzz);
  let tail = 0;
  while (tail < fuzz && lines.length - 1 - tail > lead && lines[lines.length - 1 - tail].kind === 'context')
    tail++;
  if (lead === 0 && tail === 0) return undefined;
  return lines.slice(lead, lines.length - tail);
}

function leadingTrimmed(lines: readonly HunkLine[], fuzz: number): number {
  let lead = 0;
  while (lead < fuzz && lines[lead]?.kind === 'context') lead++;
  return lead;
}

/** The base index nearest `expected` (at or after `cursor`) where `old` matches line for line. */
function search(
  base: readonly ImageLine[],
  old: readonly string[],
  expected: number,
  cursor: number,
): number | undefined {
  const last = base.length - old.length;
  const start = Math.max(cursor, Math.min(expected, last));
  for (let d = 0; start - d >= cursor || start + d <= last; d++) {
    if (start + d <= last && matchesAt(base, old, start + d)) return start + d;
    if (d > 0 && start - d >= cursor && matchesAt(base, old, start - d)) return start - d;
  }
  return undefined;
}

function matchesAt(base: readonly ImageLine[], old: readonly string[], at: number): boolean {
  for (let i = 0; i < old.length; i++) if (base[at + i]?.text !== old[i]) return false;
  return true;
}

function failed(
  file: string,
  name: string,
  hunk: Hunk,
  base: readonly ImageLine[],
  lastOffset: number,
): Diagnostic {
  const reason =
    'its context and removed lines are not found anywhere in the base, even with fuzz 2' +
    mismatch(hunk, base, lastOffset);
  return patchDiag(
    PatchCode.hunkFailed,
    'error',
    file,
    hunk.headerOrigin,
    `${name}: hunk '${hunk.header}' does not apply: ${reason}`,
  );
}

/** The first line where the base differs from the hunk's old side at the expected place. */
function mismatch(hunk: Hunk, base: readonly ImageLine[], lastOffset: number): string {
  const old = hunk.lines.filter((l) => l.kind !== 'add');
  const expected = hunk.oldStart - 1 + lastOffset;
  for (let k = 0; k < old.length; k++) {
    const have = base[expected + k]?.text;
    if (have === undefined) return `; the base has only ${base.length} lines`;
    if (have !== old[k].text)
      return `; at line ${expected + k + 1} the base has '${clip(have)}' where the patch expects '${clip(old[k].text)}'`;
  }
  return '';
}

function offsetNote(file: string, name: string, p: HunkPlacement): Diagnostic {
  const parts = [];
  if (p.offset) parts.push(`offset ${p.offset} line${Math.abs(p.offset) === 1 ? '' : 's'}`);
  if (p.fuzz) parts.push(`fuzz ${p.fuzz}`);
  return patchDiag(
    PatchCode.hunkOffset,
    'info',
    file,
    p.hunk.headerOrigin,
    `${name}: hunk '${p.hunk.header}' applied at line ${(p.at ?? 0) + 1} with ${parts.join(' and ')}`,
  );
}

function clip(text: string): string {
  return text.length > 50 ? `${text.slice(0, 50)}...` : text;
}
