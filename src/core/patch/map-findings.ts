// Maps findings on a post-image back to the patch: a finding on a line that
// this mail's `+` line added moves onto that line of the patch input; findings
// on unchanged lines (or lines earlier patches added) are kept as pre-existing.

import { CheckCode, DiagCode } from '../diag/codes';
import type { Diagnostic, RelatedInformation } from '../diag/diagnostic';
import type { Position, Range } from '../text/position';
import type { ImageLine } from './apply';
import type { PatchMail } from './types';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../steps';

export interface PatchFinding {
  /** The finding on the patch input: file = the mail's input file, range on the `+` line. */
  diagnostic: Diagnostic;
  /** The finding as the checks reported it on the post-image. */
  original: Diagnostic;
  mail: PatchMail;
  /** Which file of the patch and which 0-based post-image line. */
  path: string;
  postLine: number;
}

export interface ImageRef {
  path: string;
  absPath: string;
  lines: readonly ImageLine[];
}

export interface MappedFindings {
  mapped: PatchFinding[];
  preExisting: Diagnostic[];
}

/** Splits findings into those on lines `tag` added (mapped) and the rest (pre-existing, unchanged). */
export function mapFindings(
  findings: readonly Diagnostic[],
  images: readonly ImageRef[],
  mail: PatchMail,
  tag: number,
): MappedFindings {
  return runSync(mapFindingsSteps(findings, images, mail, tag));
}

/** The same, pausing every CHECKPOINT_EVERY findings (a patched 1 MB header has tens of thousands:
 *  ~100-200 ms in one go, the language server's longest step of a patch analysis). */
export function* mapFindingsSteps(
  findings: readonly Diagnostic[],
  images: readonly ImageRef[],
  mail: PatchMail,
  tag: number,
): Steps<MappedFindings> {
  const byPath = new Map(images.map((i) => [i.absPath, i]));
  const mapped: PatchFinding[] = [];
  const preExisting: Diagnostic[] = [];
  let tick = 0;
  for (const d of findings) {
    if ((++tick & (CHECKPOINT_EVERY - 1)) === 0) yield;
    const image = byPath.get(d.file);
    const added = image?.lines[d.range.start.line]?.added;
    if (!image || !added || added.mail !== tag) {
      // A check that crashed is about this analysis, wherever it was raised: never hidden
      // among the pre-existing notes (that made a crash look like a clean pass).
      // So is a header refused at a size limit: nothing of it was analysed, and leaving the error
      // among the pre-existing ones made such a patch pass silently (exit 0, nothing printed).
      if (d.code === CheckCode.internalError || d.code === DiagCode.fileTooLarge)
        mapped.push(internalOnMail(d, image ? [image, ...images] : images, mail, tag));
      else preExisting.push(d);
      continue;
    }
    const diagnostic: Diagnostic = {
      ...d,
      file: mail.file,
      range: onPatchLine(added, d.range),
      message: `${image.path}:${d.range.start.line + 1}: ${d.message}`,
      related: d.related?.map((r) => mapRelated(r, byPath, mail.file, tag)),
      fixes: undefined,
    };
    mapped.push({ diagnostic, original: d, mail, path: image.path, postLine: d.range.start.line });
  }
  return { mapped, preExisting };
}

/** A crash report placed on the first line this mail added (the mail's start when it added none). */
function internalOnMail(
  d: Diagnostic,
  images: readonly ImageRef[],
  mail: PatchMail,
  tag: number,
): PatchFinding {
  for (const image of images) {
    const line = image.lines.findIndex((l) => l.added?.mail === tag);
    if (line < 0) continue;
    const added = image.lines[line].added!;
    const diagnostic: Diagnostic = {
      ...d,
      file: mail.file,
      range: { start: added.origin, end: added.origin },
      message: `${image.path}: ${d.message}`,
      fixes: undefined,
    };
    return { diagnostic, original: d, mail, path: image.path, postLine: line };
  }
  const at = { line: 0, character: 0 };
  return {
    diagnostic: { ...d, file: mail.file, range: { start: at, end: at } },
    original: d,
    mail,
    path: d.file,
    postLine: 0,
  };
}

/**
 * The `+` marker is column `origin.character`; the post-image column c is one further right,
 * or, for a line decoded from escapes, wherever `columns` says its character c + 1 was.
 */
function onPatchLine(added: { origin: Position; columns?: readonly number[] }, range: Range): Range {
  const { origin, columns } = added;
  const column = (c: number) =>
    columns
      ? (columns[Math.min(c + 1, columns.length - 1)] ?? origin.character + 1 + c)
      : origin.character + 1 + c;
  const start = { line: origin.line, character: column(range.start.character) };
  const sameLine = range.end.line === range.start.line;
  const end = { line: origin.line, character: sameLine ? column(range.end.character) : start.character };
  return { start, end };
}

function mapRelated(
  r: RelatedInformation,
  byPath: Map<string, ImageRef>,
  patchFile: string,
  tag: number,
): RelatedInformation {
  const image = byPath.get(r.file);
  const added = image?.lines[r.range.start.line]?.added;
  if (image && added && added.mail === tag)
    return { ...r, file: patchFile, range: onPatchLine(added, r.range) };
  return r;
}
