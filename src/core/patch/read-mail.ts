// Reads patch mails from text: `git format-patch` files, mbox files holding a
// whole series (`From ` separators, mboxrd `>From ` unescaping, CRLF), single
// RFC 2822 messages and bare diffs. Never throws; problems become diagnostics.

import type { Diagnostic } from '../diag/diagnostic';
import { PatchCode, patchDiag } from './codes';
import { headerValue, messageIds, parseHeaderLines } from './mail-headers';
import { decodeBodySteps, type SourceLine } from './mime';
import { parseSubject } from './subject';
import type { PatchMail, ReadResult } from './types';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../steps';

const HEADER_LINE = /^[!-9;-~]+:/;
const FROM_SEPARATOR = /^From \S/;

import { MAX_INPUT_LINES, MAX_SAME_WARNINGS } from '../limits';

/** Lines a patch input may have. Each line is an object through reading, decoding and
 *  diff parsing (~190 bytes of memory for an empty line), so the count is bounded as well as
 *  the bytes: a million lines stays within 1 GiB whatever their shape (README, Security). */
export { MAX_INPUT_LINES };

/** Splits text into mails (an mbox, one message, or a bare diff) and decodes each. */
export function readMailText(text: string, file: string): ReadResult {
  return runSync(readMailTextSteps(text, file));
}

/** The same, pausing every CHECKPOINT_EVERY lines split and after each mail (the language server
 *  reads a 64 MB mbox at ~15 ms per MB), and in each pass over one mail's body (decodeBodySteps). */
export function* readMailTextSteps(text: string, file: string): Steps<ReadResult> {
  const count = lineCount(text, MAX_INPUT_LINES);
  if (count > MAX_INPUT_LINES) {
    const message = `more than ${MAX_INPUT_LINES} lines: over the line limit for patch inputs; not read`;
    return {
      mails: [],
      diagnostics: [patchDiag(PatchCode.malformedMail, 'error', file, { line: 0, character: 0 }, message)],
    };
  }
  const raw = text.split('\n');
  yield;
  const lines: SourceLine[] = new Array<SourceLine>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    if ((i & (CHECKPOINT_EVERY * 8 - 1)) === 0) yield;
    const t = raw[i];
    lines[i] = { text: t.endsWith('\r') ? t.slice(0, -1) : t, origin: { line: i, character: 0 } };
  }
  if (lines.length > 1 && lines[lines.length - 1].text === '') lines.pop();
  const diagnostics: Diagnostic[] = [];
  const mails: PatchMail[] = [];
  for (const chunk of yield* splitMbox(lines)) {
    yield;
    const mail = yield* readMessage(chunk, file, mails.length, diagnostics);
    if (mail) mails.push(mail);
  }
  return { mails, diagnostics };
}

/** Newlines in text, counting stops past `max` (lines split on LF; CRLF ends in LF). */
function lineCount(text: string, max: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && n <= max; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** mbox messages: a `From ` line followed by a header line starts one; without any, the text is one message. */
function* splitMbox(lines: SourceLine[]): Steps<SourceLine[][]> {
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if ((i & (CHECKPOINT_EVERY * 8 - 1)) === 0) yield;
    if (FROM_SEPARATOR.test(lines[i].text) && HEADER_LINE.test(lines[i + 1]?.text ?? '')) starts.push(i);
  }
  if (starts.length === 0) return [lines];
  const chunks: SourceLine[][] = [];
  if (starts[0] > 0 && lines.slice(0, starts[0]).some((l) => l.text.trim()))
    chunks.push(lines.slice(0, starts[0]));
  for (let k = 0; k < starts.length; k++) {
    if ((k & (CHECKPOINT_EVERY - 1)) === 0) yield;
    chunks.push(lines.slice(starts[k] + 1, starts[k + 1] ?? lines.length).map(unescapeFrom));
  }
  return chunks;
}

/** mboxrd: `>From `, `>>From ` ... lose one `>`. */
function unescapeFrom(line: SourceLine): SourceLine {
  return /^>+From /.test(line.text) ? { text: line.text.slice(1), origin: line.origin } : line;
}

function* readMessage(
  lines: SourceLine[],
  file: string,
  index: number,
  diags: Diagnostic[],
): Steps<PatchMail | undefined> {
  if (lines.length === 0) return undefined;
  const hasHeaders = HEADER_LINE.test(lines[0].text);
  const blank = hasHeaders ? lines.findIndex((l) => l.text === '') : 0;
  const headEnd = blank < 0 ? lines.length : blank;
  const { headers, bad } = parseHeaderLines(lines.slice(0, headEnd).map((l) => l.text));
  // One warning per bad line up to a limit, then one that counts the rest (900,000 of them were
  // 900,000 findings and 1 GB): the mail is as broken with 100 named as with all of them.
  if (bad.length > MAX_SAME_WARNINGS)
    diags.push(
      patchDiag(
        PatchCode.malformedMail,
        'warning',
        file,
        lines[bad[MAX_SAME_WARNINGS]].origin,
        `mail ${index + 1}: ${bad.length - MAX_SAME_WARNINGS} more lines that are not header lines from here on (${bad.length} in all; the first ${MAX_SAME_WARNINGS} are named)`,
      ),
    );
  for (const i of bad.slice(0, MAX_SAME_WARNINGS)) {
    diags.push(
      patchDiag(
        PatchCode.malformedMail,
        'warning',
        file,
        lines[i].origin,
        `mail ${index + 1}: not a header line: '${clip(lines[i].text)}'`,
      ),
    );
  }
  if (!hasHeaders && !lines.some((l) => /^(diff --git |--- |@@ )/.test(l.text))) {
    diags.push(
      patchDiag(
        PatchCode.malformedMail,
        'warning',
        file,
        lines[0].origin,
        `mail ${index + 1}: no mail headers and no diff found`,
      ),
    );
    return undefined;
  }
  yield;
  const body = yield* decodeBodySteps(headers, lines.slice(headEnd + (blank < 0 ? 0 : 1)));
  yield;
  for (const p of body.problems)
    diags.push(
      patchDiag(PatchCode.malformedMail, 'warning', file, p.origin, `mail ${index + 1}: ${p.message}`),
    );
  return buildMail(file, index, headers, body.lines);
}

/** Assembles a PatchMail from decoded headers and body lines (shared with the Patchwork reader). */
export function buildMail(
  file: string,
  index: number,
  headers: PatchMail['headers'],
  body: SourceLine[],
): PatchMail {
  const subject = headerValue(headers, 'Subject') ?? '';
  const inReplyTo = messageIds(headerValue(headers, 'In-Reply-To'))[0];
  return {
    file,
    index,
    headers,
    subject,
    from: headerValue(headers, 'From'),
    date: headerValue(headers, 'Date'),
    messageId: messageIds(headerValue(headers, 'Message-ID'))[0] ?? headerValue(headers, 'Message-ID'),
    inReplyTo,
    references: messageIds(headerValue(headers, 'References')),
    info: parseSubject(subject),
    body: body.map((l) => l.text).join('\n'),
    bodyOrigin: body.map((l) => l.origin),
    ...(body.some((l) => l.columns) ? { bodyColumns: body.map((l) => l.columns) } : {}),
  };
}

export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
