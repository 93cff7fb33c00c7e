// One entry for any patch input: Patchwork JSON or an API page, or mail text
// (format-patch, mbox, RFC 2822, bare diff). Reading a file never throws.

import { readFileSync, statSync } from 'node:fs';
import { PatchCode, patchDiag } from './codes';
import { looksLikePatchworkJson, readPatchworkText, type PatchworkReadResult } from './patchwork-json';
import { readMailText } from './read-mail';
import { MAX_PATCH_INPUT_BYTES } from '../limits';

/** Inputs above this size are refused with a diagnostic rather than read. */
export const MAX_INPUT_BYTES = MAX_PATCH_INPUT_BYTES;

const AT_START = { line: 0, character: 0 };

export function readPatchText(text: string, file: string): PatchworkReadResult {
  try {
    return readPatchTextUnguarded(text, file);
  } catch (err) {
    // A reader bug or a pathological input must not take the caller down.
    return { mails: [], series: [], diagnostics: [patchDiag(PatchCode.malformedMail, 'error', file, AT_START, `cannot read: ${(err as Error)?.message ?? String(err)}`)] };
  }
}

function readPatchTextUnguarded(text: string, file: string): PatchworkReadResult {
  if (text.includes('\0')) {
    return { mails: [], series: [], diagnostics: [patchDiag(PatchCode.malformedMail, 'error', file, AT_START, 'binary data (NUL bytes): not a patch, mbox or Patchwork JSON')] };
  }
  if (looksLikePatchworkJson(text)) return readPatchworkText(text, file);
  return { ...readMailText(text, file), series: [] };
}

export function readPatchFile(file: string): PatchworkReadResult {
  try {
    const size = statSync(file).size;
    if (size > MAX_INPUT_BYTES) {
      return { mails: [], series: [], diagnostics: [patchDiag(PatchCode.malformedMail, 'error', file, AT_START, `${size} bytes: larger than the ${MAX_INPUT_BYTES}-byte limit for patch inputs`)] };
    }
    return readPatchText(readFileSync(file, 'utf8'), file);
  } catch (err) {
    const msg = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((err as Error).message ?? err);
    return { mails: [], series: [], diagnostics: [patchDiag(PatchCode.malformedMail, 'error', file, AT_START, `cannot read: ${msg}`)] };
  }
}
