// Reads Patchwork REST API objects (API 1.0-1.3): a patch, a list of patches,
// a series (whose patches carry no diff), and the browsable-page text a
// browser shows (`GET ...`, `HTTP 200 OK`, headers, then JSON).

import type { Diagnostic } from '../diag/diagnostic';
import { LineIndex, type Position } from '../text/position';
import { PatchCode, patchDiag } from './codes';
import { findRawStrings, type RawJsonString } from './json-strings';
import { decodeEncodedWords } from './mail-headers';
import type { SourceLine } from './mime';
import { buildMail } from './read-mail';
import { prefixInfo } from './subject';
import type { MailHeader, ReadResult } from './types';
import { MAX_PATCHWORK_JSON_NESTING, MAX_PATCHWORK_LIST_ITEMS } from '../limits';

/** A series object's list of patches (they carry no diffs: fetch each by id). */
export interface SeriesListing {
  id?: number;
  name?: string;
  version?: number;
  coverLetterMsgid?: string;
  patches: { id: number; name?: string; msgid?: string }[];
  /** Patchwork's `received_all`: false while patches of the series are still missing. */
  receivedAll?: boolean;
  /** `total` (from the subjects' n/m) and `received_total`. */
  total?: number;
  receivedTotal?: number;
}

export interface PatchworkReadResult extends ReadResult {
  series: SeriesListing[];
}

/** True when the text looks like Patchwork JSON or an API page rather than a mail. */
export function looksLikePatchworkJson(text: string): boolean {
  const head = text.slice(0, 8192).trimStart();
  if (head.startsWith('{') || head.startsWith('[') || head.startsWith('"')) return true;
  // A browsable API page: the request line and the response status, each on a line of its own.
  return /^(GET|HEAD|OPTIONS) \S+$/m.test(head) && /^HTTP \d{3}\b/m.test(head);
}

export function readPatchworkText(text: string, file: string): PatchworkReadResult {
  const result: PatchworkReadResult = { mails: [], diagnostics: [], series: [] };
  const index = new LineIndex(text);
  const start = jsonStart(text, file, index, result.diagnostics);
  if (start === undefined) return result;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start));
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    result.diagnostics.push(
      patchDiag(PatchCode.invalidJson, 'error', file, index.positionAt(start), `invalid JSON: ${msg}`),
    );
    return result;
  }
  const raw = findRawStrings(text, ['diff', 'content'], index);
  readValue(value, { file, index, raw, result, at: index.positionAt(start) });
  if (result.mails.length === 0 && result.series.length === 0) {
    result.diagnostics.push(
      patchDiag(
        PatchCode.invalidJson,
        'error',
        file,
        index.positionAt(start),
        'no Patchwork patch or series object found in the JSON',
      ),
    );
  }
  return result;
}

/** Where the JSON begins: after a browsable page's `HTTP nnn` status and header lines, or at the first `{`/`[`. */
function jsonStart(text: string, file: string, index: LineIndex, diags: Diagnostic[]): number | undefined {
  const status = /^HTTP (\d{3})(.*)$/m.exec(text.slice(0, 65536));
  if (status && !status[1].startsWith('2')) {
    diags.push(
      patchDiag(
        PatchCode.fetchFailed,
        'error',
        file,
        index.positionAt(status.index),
        `the page records a failed request: HTTP ${status[1]}${status[2]}`,
      ),
    );
    return undefined;
  }
  const from = status ? status.index : 0;
  const m = /^[ \t]*[{[]/m.exec(text.slice(from));
  if (!m) {
    diags.push(
      patchDiag(PatchCode.invalidJson, 'error', file, index.positionAt(from), 'no JSON object found'),
    );
    return undefined;
  }
  return from + m.index;
}

interface ReadCtx {
  file: string;
  index: LineIndex;
  raw: RawJsonString[];
  result: PatchworkReadResult;
  at: Position;
}

/** Patch lists nest one level (`results`, or an array); deeper nesting is not Patchwork's. */
const MAX_NESTING = MAX_PATCHWORK_JSON_NESTING;

/** A problem with the JSON's shape, at the place being read. */
function jsonProblem(ctx: ReadCtx, severity: 'error' | 'warning', message: string): void {
  ctx.result.diagnostics.push(patchDiag(PatchCode.invalidJson, severity, ctx.file, ctx.at, message));
}

function readValue(value: unknown, ctx: ReadCtx, depth = 0): void {
  if (depth > MAX_NESTING) {
    jsonProblem(ctx, 'error', `JSON nested deeper than ${MAX_NESTING} levels: not a Patchwork object`);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_PATCHWORK_LIST_ITEMS)
      jsonProblem(
        ctx,
        'error',
        `a JSON list of ${value.length} items, more than the limit of ${MAX_PATCHWORK_LIST_ITEMS}: only the first ${MAX_PATCHWORK_LIST_ITEMS} are read`,
      );
    for (const item of value.slice(0, MAX_PATCHWORK_LIST_ITEMS)) readValue(item, ctx, depth + 1);
    return;
  }
  if (!isObject(value)) {
    jsonProblem(ctx, 'error', `expected a Patchwork object, found ${typeName(value)}`);
    return;
  }
  if (Array.isArray(value.results)) return readValue(value.results, ctx, depth + 1);
  if (Array.isArray(value.patches) && !('diff' in value)) {
    const listing = seriesListing(value);
    const dropped = value.patches.length - listing.patches.length;
    if (dropped > 0) {
      const what = dropped === 1 ? '1 patch entry' : `${dropped} patch entries`;
      jsonProblem(
        ctx,
        'warning',
        `series ${listing.id ?? '?'}: ${what} without a usable id (a whole number) left out`,
      );
    }
    if (listing.receivedAll === false) {
      const counts =
        listing.total !== undefined && listing.receivedTotal !== undefined
          ? `: ${listing.receivedTotal} of ${listing.total} patches received`
          : '';
      ctx.result.diagnostics.push(
        patchDiag(
          PatchCode.seriesIncomplete,
          'warning',
          ctx.file,
          ctx.at,
          `series ${listing.id ?? '?'} is incomplete (Patchwork: received_all false${counts}); the missing patches are not analyzed`,
        ),
      );
    }
    return void ctx.result.series.push(listing);
  }
  if ('diff' in value || 'content' in value) return readPatch(value, ctx);
  jsonProblem(
    ctx,
    'warning',
    `a JSON object that is neither a patch nor a series (keys: ${Object.keys(value).slice(0, 8).join(', ')})`,
  );
}

function readPatch(obj: Record<string, unknown>, ctx: ReadCtx): void {
  const id = num(obj.id);
  const where = `patch ${id ?? '?'}`;
  if (obj.diff !== undefined && obj.diff !== null && typeof obj.diff !== 'string') {
    jsonProblem(ctx, 'error', `${where}: "diff" is ${typeName(obj.diff)}, not a string`);
    return;
  }
  const headers = readHeaders(obj.headers);
  const name = str(obj.name);
  if (!headers.some((h) => h.name.toLowerCase() === 'subject') && name)
    headers.push({ name: 'Subject', value: name });
  if (!headers.some((h) => h.name.toLowerCase() === 'message-id') && str(obj.msgid))
    headers.push({ name: 'Message-ID', value: str(obj.msgid) as string });
  const body = [...textLines(obj.content, 'content', ctx), ...textLines(obj.diff, 'diff', ctx)];
  const mail = buildMail(ctx.file, ctx.result.mails.length, headers, body);
  const series = Array.isArray(obj.series) && isObject(obj.series[0]) ? obj.series[0] : undefined;
  mail.patchwork = {
    patchId: id,
    seriesId: num(series?.id),
    seriesVersion: num(series?.version),
    seriesName: str(series?.name),
  };
  // The API's `prefixes` and series version are authoritative when the subject was trimmed.
  if (Array.isArray(obj.prefixes) && mail.info.prefixes.length === 0) {
    mail.info = {
      ...mail.info,
      ...prefixInfo(obj.prefixes.filter((p): p is string => typeof p === 'string')),
    };
  }
  if (mail.patchwork.seriesVersion && !mail.info.prefixes.some((p) => /^v\d+$/i.test(p)))
    mail.info.version = mail.patchwork.seriesVersion;
  ctx.result.mails.push(mail);
}

/** The decoded lines of a string field, placed on the raw page's lines when the literal is found there. */
function textLines(value: unknown, key: string, ctx: ReadCtx): SourceLine[] {
  if (typeof value !== 'string' || value === '') return [];
  const hit = ctx.raw.findIndex((r) => r.key === key && r.value === value);
  let lines: SourceLine[];
  if (hit >= 0) {
    lines = ctx.raw[hit].lines;
    ctx.raw.splice(hit, 1);
  } else lines = value.split('\n').map((text) => ({ text: text.replace(/\r$/, ''), origin: ctx.at }));
  return lines.length > 1 && lines[lines.length - 1].text === '' ? lines.slice(0, -1) : lines;
}

function readHeaders(value: unknown): MailHeader[] {
  const out: MailHeader[] = [];
  const add = (name: string, v: unknown) => {
    if (typeof v === 'string')
      out.push({ name, value: decodeEncodedWords(v.replace(/\r?\n[ \t]*/g, ' ').trim()) });
  };
  if (typeof value === 'string') {
    for (const m of value.replace(/\r?\n[ \t]+/g, ' ').matchAll(/^([!-9;-~]+):[ \t]?(.*)$/gm))
      add(m[1], m[2]);
  } else if (isObject(value)) {
    for (const [name, v] of Object.entries(value)) {
      if (Array.isArray(v)) v.forEach((x) => add(name, x));
      else add(name, v);
    }
  }
  return out;
}

function seriesListing(obj: Record<string, unknown>): SeriesListing {
  const patches = (obj.patches as unknown[]).filter(isObject).flatMap((p) => {
    const id = num(p.id);
    return id === undefined ? [] : [{ id, name: str(p.name), msgid: str(p.msgid) }];
  });
  const cover = isObject(obj.cover_letter) ? str(obj.cover_letter.msgid) : undefined;
  const receivedAll = typeof obj.received_all === 'boolean' ? obj.received_all : undefined;
  return {
    id: num(obj.id),
    name: str(obj.name),
    version: num(obj.version),
    coverLetterMsgid: cover,
    patches,
    receivedAll,
    total: num(obj.total),
    receivedTotal: num(obj.received_total),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Ids and versions: whole numbers JavaScript holds exactly (2^63 would silently become another id). */
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}
