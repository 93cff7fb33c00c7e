// One entry for any patch input: Patchwork JSON or an API page, or mail text
// (format-patch, mbox, RFC 2822, bare diff). Reading a file never throws.

import { LIMITS } from '../host/limits';
import { readRegularText } from '../host/read-regular';
import { HostRefusal } from '../host/types';
import { PatchCode, patchDiag } from './codes';
import { looksLikePatchworkJson, readPatchworkText, type PatchworkReadResult } from './patchwork-json';
import { readMailTextSteps } from './read-mail';
import { runSync, type Steps } from '../steps';

/** Inputs above this size are refused with a diagnostic rather than read (LIMITS.patchInputBytes). */
export const MAX_INPUT_BYTES = LIMITS.patchInputBytes;

const AT_START = { line: 0, character: 0 };

export function readPatchText(text: string, file: string): PatchworkReadResult {
  return runSync(readPatchTextSteps(text, file));
}

/** The same in steps (the language server's drive): an mbox is read with a checkpoint every few
 *  thousand lines and after each mail; Patchwork JSON (JSON.parse) is one step. */
export function* readPatchTextSteps(text: string, file: string): Steps<PatchworkReadResult> {
  try {
    return yield* readPatchTextUnguarded(text, file);
  } catch (err) {
    // A reader bug or a pathological input must not take the caller down.
    return unreadable(file, `cannot read: ${(err as Error)?.message ?? String(err)}`);
  }
}

function* readPatchTextUnguarded(text: string, file: string): Steps<PatchworkReadResult> {
  if (text.includes('\0')) {
    return unreadable(file, 'binary data (NUL bytes): not a patch, mbox or Patchwork JSON');
  }
  if (looksLikePatchworkJson(text)) return readPatchworkText(text, file);
  return { ...(yield* readMailTextSteps(text, file)), series: [] };
}

/** Reads a patch file: regular files only (a device or FIFO is refused by type, unopened), size-capped. */
export function readPatchFile(file: string): PatchworkReadResult {
  try {
    const text = readRegularText(file, MAX_INPUT_BYTES, 'patch inputs');
    if (text === undefined) return unreadable(file, 'cannot read: no such file');
    return readPatchText(text, file);
  } catch (err) {
    if (err instanceof HostRefusal) return unreadable(file, `cannot read ${err.message}`);
    const msg =
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : String((err as Error).message ?? err);
    return unreadable(file, `cannot read: ${msg}`);
  }
}

/** An input that yields no mail: one malformed-mail error naming the file and the cause. */
function unreadable(file: string, message: string): PatchworkReadResult {
  return {
    mails: [],
    series: [],
    diagnostics: [patchDiag(PatchCode.malformedMail, 'error', file, AT_START, message)],
  };
}
