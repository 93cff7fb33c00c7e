// RFC 2822 header blocks: unfolding continuation lines and decoding RFC 2047
// encoded words (`=?UTF-8?q?...?=`, `=?iso-8859-1?B?...?=`), the way subjects
// with non-ASCII names and long `[PATCH v13 5/7]` lines arrive.

import type { MailHeader } from './types';

/** Parses `Name: value` lines (with folded continuations) into headers; returns the lines it could not read. */
export function parseHeaderLines(lines: readonly string[]): { headers: MailHeader[]; bad: number[] } {
  const headers: MailHeader[] = [];
  const bad: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^[ \t]/.test(line) && headers.length > 0) {
      headers[headers.length - 1].value += ` ${line.trim()}`;
      continue;
    }
    const m = /^([!-9;-~]+):[ \t]?(.*)$/.exec(line);
    if (!m) {
      bad.push(i);
      continue;
    }
    headers.push({ name: m[1], value: m[2].trim() });
  }
  return { headers: headers.map((h) => ({ name: h.name, value: decodeEncodedWords(h.value) })), bad };
}

/** The first header of that name (case-insensitive). */
export function headerValue(headers: readonly MailHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/** Decodes RFC 2047 encoded words; whitespace between two adjacent encoded words is dropped. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  const joined = value.replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)/g, '$1');
  return joined.replace(ENCODED_WORD, (whole, charset: string, enc: string, text: string) => {
    const bytes = enc.toUpperCase() === 'B' ? base64Bytes(text) : qWordBytes(text);
    return bytes ? (decodeCharset(bytes, charset) ?? whole) : whole;
  });
}

function qWordBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '_') out.push(0x20);
    else if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(c.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(out);
}

function base64Bytes(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/=]*$/.test(text)) return undefined;
  return Uint8Array.from(Buffer.from(text, 'base64'));
}

/** Bytes in a named charset to a string; undefined when the charset is unknown. */
export function decodeCharset(bytes: Uint8Array, charset: string): string | undefined {
  const label = charset.split('*')[0].toLowerCase();
  try {
    return new TextDecoder(label === 'us-ascii' ? 'utf-8' : label).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Message-IDs in a References/In-Reply-To value, angle brackets kept. */
export function messageIds(value: string | undefined): string[] {
  return value ? (value.match(/<[^<>\s]+>/g) ?? []) : [];
}

/** A Content-Type-like value split into its main value and lower-cased parameters. */
export function parseParams(value: string | undefined): { value: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  if (!value) return { value: '', params };
  const [main, ...rest] = splitOutsideQuotes(value, ';');
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    let v = part.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params.set(key, v);
  }
  return { value: main.trim().toLowerCase(), params };
}

function splitOutsideQuotes(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    if (c === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
