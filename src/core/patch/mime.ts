// MIME bodies of patch mails: quoted-printable and base64 transfer encodings
// and multipart messages (the text/plain and text/x-patch parts are kept, forwarded
// message/rfc822 mails read through, a diff in any other part named, never dropped unsaid),
// decoded line by line so every decoded line still knows its input position.

import type { Position } from '../text/position';
import { decodeCharset, headerValue, parseHeaderLines, parseParams } from './mail-headers';
import { parseDiffSteps } from './diff-parse';
import type { MailHeader } from './types';
import { MAX_MIME_DEPTH } from '../limits';
import { pushAll } from '../text/push-all';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../steps';

export interface SourceLine {
  text: string;
  origin: Position;
  /** Input column of each UTF-16 unit of `text` (and one past its end), on origin's line; set only
   *  when the text was decoded from escapes (`\t`, `\"`, `\uXXXX` in Patchwork JSON). */
  columns?: readonly number[];
}

export interface DecodedBody {
  lines: SourceLine[];
  problems: { origin: Position; message: string }[];
}

const PATCH_TYPES = new Set(['text/plain', 'text/x-patch', 'text/x-diff', 'text/x-csrc', 'text/x-chdr', '']);
const MAX_DEPTH = MAX_MIME_DEPTH;
/** A forwarded mail, read through (its own headers, then its body). */
const MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);
/** A line that starts a diff or a hunk: a part holding one is never left out unsaid. */
const DIFF_START = /^(diff --git |@@ -\d+(,\d+)? \+\d+(,\d+)? @@)/;

/** Body lines read between two checkpoints of the stepped decoding (one mail of 20 MB is ~300,000
 *  lines: its decoding was one step of the language server's patch analysis). */
const LINES_PER_STEP = 8 * CHECKPOINT_EVERY;
const tick = (i: number) => (i & (LINES_PER_STEP - 1)) === LINES_PER_STEP - 1;

/** The readable text of a message body (headers already split off). */
export function decodeBody(headers: readonly MailHeader[], lines: readonly SourceLine[]): DecodedBody {
  return runSync(decodeBodySteps(headers, lines));
}

/** The same, pausing every LINES_PER_STEP lines in each pass over the body (the native base64
 *  and charset decoding of one part stays one call). */
export function* decodeBodySteps(
  headers: readonly MailHeader[],
  lines: readonly SourceLine[],
  depth = 0,
): Steps<DecodedBody> {
  const type = parseParams(headerValue(headers, 'Content-Type'));
  const encoding = (headerValue(headers, 'Content-Transfer-Encoding') ?? '').trim().toLowerCase();
  const charset = type.params.get('charset') ?? 'utf-8';
  if (type.value.startsWith('multipart/'))
    return yield* decodeMultipart(type.params.get('boundary'), lines, depth);
  if (MESSAGE_TYPES.has(type.value))
    return yield* decodeMessage(yield* decodeTransfer(lines, encoding, charset), depth);
  if (!PATCH_TYPES.has(type.value))
    return yield* notRead(type.value, yield* decodeTransfer(lines, encoding, charset), lines);
  return yield* decodeTransfer(lines, encoding, charset);
}

/** A forwarded mail (`message/rfc822`): its own headers, then its body read like any body. */
function* decodeMessage(body: DecodedBody, depth: number): Steps<DecodedBody> {
  const at = body.lines[0]?.origin ?? { line: 0, character: 0 };
  if (depth >= MAX_DEPTH)
    return {
      lines: [],
      problems: body.problems.concat([{ origin: at, message: 'message/rfc822 nesting too deep' }]),
    };
  const blank = body.lines.findIndex((l) => l.text === '');
  const head = blank < 0 ? body.lines : body.lines.slice(0, blank);
  const { headers } = parseHeaderLines(head.map((l) => l.text));
  const inner = yield* decodeBodySteps(headers, blank < 0 ? [] : body.lines.slice(blank + 1), depth + 1);
  const problems = body.problems.slice();
  pushAll(problems, inner.problems);
  return { lines: inner.lines, problems };
}

/**
 * A part of a type kpw does not read (an image, HTML, `application/octet-stream`) is left out, but
 * never silently when it holds a diff: git am would apply it, and leaving it out unsaid was a
 * mail reported clean (exit 0, nothing printed).
 */
function* notRead(type: string, decoded: DecodedBody, raw: readonly SourceLine[]): Steps<DecodedBody> {
  const diff = (yield* firstDiffLine(decoded.lines)) ?? (yield* firstDiffLine(raw));
  if (!diff) return { lines: [], problems: [] };
  return {
    lines: [],
    problems: [
      {
        origin: diff.origin,
        message: `a part of type ${type} holds a diff that is not analysed (only ${[...PATCH_TYPES].filter(Boolean).join(', ')} and message/rfc822 parts are read)`,
      },
    ],
  };
}

function* firstDiffLine(lines: readonly SourceLine[]): Steps<SourceLine | undefined> {
  for (let i = 0; i < lines.length; i++) {
    if (tick(i)) yield;
    if (DIFF_START.test(lines[i].text)) return lines[i];
  }
  return undefined;
}

/** The body's transfer encoding undone (when the body says it still is encoded). */
function* decodeTransfer(
  lines: readonly SourceLine[],
  encoding: string,
  charset: string,
): Steps<DecodedBody> {
  // b4 pipes check commands the decoded body under the original Content-Transfer-Encoding
  // header: the body itself says whether it is still encoded.
  if (encoding === 'quoted-printable' && (yield* stillQuotedPrintable(lines))) {
    const decoded = yield* decodeQuotedPrintable(lines, charset);
    // Soft breaks alone are ambiguous (a decoded C line may end in '='): keep the reading whose diff holds together.
    if (!(yield* hasEscapes(lines)) && (yield* diffHolds(lines)) && !(yield* diffHolds(decoded)))
      return { lines: [...lines], problems: [] };
    return { lines: decoded, problems: [] };
  }
  if (encoding === 'base64' && (yield* stillBase64(lines))) return yield* decodeBase64(lines, charset);
  return { lines: [...lines], problems: [] };
}

function* decodeMultipart(
  boundary: string | undefined,
  lines: readonly SourceLine[],
  depth: number,
): Steps<DecodedBody> {
  const at = lines[0]?.origin ?? { line: 0, character: 0 };
  if (!boundary)
    return {
      lines: [],
      problems: [{ origin: at, message: 'multipart message without a boundary parameter' }],
    };
  if (depth >= MAX_DEPTH)
    return { lines: [], problems: [{ origin: at, message: 'multipart nesting too deep' }] };
  const parts = yield* splitParts(boundary, lines);
  const out: DecodedBody = { lines: [], problems: [] };
  if (!parts.closed)
    out.problems.push({
      origin: lines[lines.length - 1]?.origin ?? at,
      message: `multipart boundary '${boundary}' never closed`,
    });
  for (const part of parts.parts) {
    const blank = part.findIndex((l) => l.text === '');
    const headLines = blank < 0 ? part : part.slice(0, blank);
    const { headers } = parseHeaderLines(headLines.map((l) => l.text));
    const body = yield* decodeBodySteps(headers, blank < 0 ? [] : part.slice(blank + 1), depth + 1);
    pushAll(out.lines, body.lines);
    pushAll(out.problems, body.problems);
  }
  return out;
}

function* splitParts(
  boundary: string,
  lines: readonly SourceLine[],
): Steps<{ parts: SourceLine[][]; closed: boolean }> {
  const parts: SourceLine[][] = [];
  let current: SourceLine[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (tick(i)) yield;
    const line = lines[i];
    const t = line.text.trimEnd();
    if (t === `--${boundary}--`) return { parts: current ? [...parts, current] : parts, closed: true };
    if (t === `--${boundary}`) {
      if (current) parts.push(current);
      current = [];
    } else current?.push(line);
  }
  if (current) parts.push(current);
  return { parts, closed: false };
}

/**
 * Whether a body still is quoted-printable (RFC 2045 6.7): 7-bit, every `=` an `=XX`
 * escape or a soft break; and, when its only escapes are
 * soft breaks, at least one of them on a line an encoder would have broken (60+ characters),
 * so a decoded C line ending in `=` is not joined to the next one.
 */
function* stillQuotedPrintable(lines: readonly SourceLine[]): Steps<boolean> {
  let escapes = 0;
  let longSoftBreak = false;
  for (let k = 0; k < lines.length; k++) {
    if (tick(k)) yield;
    const { text } = lines[k];
    const t = text.replace(/[ \t]+$/, '');
    if (/[^\t\x20-\x7e]/.test(t)) return false;
    for (let i = t.indexOf('='); i >= 0; i = t.indexOf('=', i + 1)) {
      if (i === t.length - 1) {
        if (t.length >= 60) longSoftBreak = true;
      } else if (/^[0-9A-Fa-f]{2}$/.test(t.slice(i + 1, i + 3))) escapes++;
      else return false;
    }
  }
  return escapes > 0 || longSoftBreak;
}

function* hasEscapes(lines: readonly SourceLine[]): Steps<boolean> {
  for (let i = 0; i < lines.length; i++) {
    if (tick(i)) yield;
    if (/=[0-9A-Fa-f]{2}/.test(lines[i].text)) return true;
  }
  return false;
}

/** Whether the diff in these lines parses with every hunk complete (and there is one). */
function* diffHolds(lines: readonly SourceLine[]): Steps<boolean> {
  const parsed = yield* parseDiffSteps(lines, '');
  return parsed.files.length > 0 && parsed.diagnostics.length === 0;
}

/** Whether a body still is base64: only the base64 alphabet, padding only at the end. */
function* stillBase64(lines: readonly SourceLine[]): Steps<boolean> {
  const encoded = yield* encodedLines(lines);
  return encoded.length > 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(encoded.join(''));
}

/** The body's lines trimmed, blank ones left out. */
function* encodedLines(lines: readonly SourceLine[]): Steps<string[]> {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (tick(i)) yield;
    const t = lines[i].text.trim();
    if (t !== '') out.push(t);
  }
  return out;
}

/** Quoted-printable: `=XX` bytes and `=` soft breaks; a joined line keeps the position of its first piece. */
function* decodeQuotedPrintable(lines: readonly SourceLine[], charset = 'utf-8'): Steps<SourceLine[]> {
  const out: SourceLine[] = [];
  let bytes: number[] = [];
  let origin: Position | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (tick(i)) yield;
    const line = lines[i];
    origin ??= line.origin;
    const text = line.text.replace(/[ \t]+$/, '');
    const soft = text.endsWith('=');
    appendQpBytes(soft ? text.slice(0, -1) : text, bytes);
    if (soft) continue;
    out.push({ text: bytesToText(bytes, charset), origin });
    bytes = [];
    origin = undefined;
  }
  if (origin) out.push({ text: bytesToText(bytes, charset), origin });
  return out;
}

function appendQpBytes(text: string, out: number[]): void {
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else pushAll(out, Buffer.from(text[i], 'utf8'));
  }
}

function bytesToText(bytes: number[], charset: string): string {
  const arr = Uint8Array.from(bytes);
  return decodeCharset(arr, charset) ?? Buffer.from(arr).toString('latin1');
}

/** base64: decoded lines are mapped back proportionally to the encoded lines (exact for fixed-width encoders). */
function* decodeBase64(lines: readonly SourceLine[], charset: string): Steps<DecodedBody> {
  const encoded = yield* encodedLines(lines);
  const at = lines[0]?.origin ?? { line: 0, character: 0 };
  const joined = encoded.join('');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(joined)) {
    return {
      lines: [],
      problems: [{ origin: at, message: 'invalid base64 body: characters outside the base64 alphabet' }],
    };
  }
  yield;
  const text = decodeCharset(Uint8Array.from(Buffer.from(joined, 'base64')), charset) ?? '';
  yield;
  const width = Math.max(1, encoded[0]?.length ?? 76);
  const content = lines.filter((l) => l.text.trim() !== '');
  const out: SourceLine[] = [];
  let byteOffset = 0;
  const pieces = splitLines(text);
  for (let i = 0; i < pieces.length; i++) {
    if (tick(i)) yield;
    const piece = pieces[i];
    const encLine = Math.min(content.length - 1, Math.floor((byteOffset * 4) / 3 / width));
    out.push({ text: piece, origin: content[Math.max(0, encLine)]?.origin ?? at });
    byteOffset += Buffer.byteLength(piece, 'utf8') + 1;
  }
  return { lines: out, problems: [] };
}

/** Splits on LF or CRLF; a final terminator does not make an extra empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
