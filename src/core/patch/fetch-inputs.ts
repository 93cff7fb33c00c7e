// Fetches patch inputs from a Patchwork server for the CLI and the editor:
// `2222859` (a patch), `series:499754` (every patch of a series), `cover:ID` and
// a cover letter's Message-ID (its series), a Message-ID (`<...@...>`, optionally
// `project:NAME/<...>`), read with the same reader as saved API pages. A series
// is fetched a few patches at a time, at most MAX_SERIES_PATCHES, within the
// client's overall deadline; nothing it lists is dropped without a word.

import type { Diagnostic } from '../diag/diagnostic';
import { PatchCode, patchDiag } from './codes';
import { PatchworkClient, type PatchworkClientOptions, type PwResult } from './patchwork-client';
import { readPatchworkText, type PatchworkReadResult } from './patchwork-json';
import { isPatchworkRef, parseRefString } from './patchwork-ref';

export { isPatchworkRef };

const AT_START = { line: 0, character: 0 };
import { MAX_SERIES_PATCHES } from '../limits';
import { pushAll } from '../text/push-all';

/** Patches of one series fetched at most (a larger listing is an error naming the limit). */
export { MAX_SERIES_PATCHES };
/** Patch requests of a series in flight at once. */
const CONCURRENCY = 4;

/** Reads one reference; failures become diagnostics on the reference itself. */
export async function fetchPatchworkRef(
  ref: string,
  opts: PatchworkClientOptions,
): Promise<PatchworkReadResult> {
  const client = new PatchworkClient(opts);
  const parsed = parseRefString(ref);
  if (!parsed) return failed(ref, `'${ref}' is not a patch id, series:ID, cover:ID or Message-ID`);
  if (parsed.kind === 'series') return fetchSeries(client, await client.getSeries(parsed.id), ref);
  if (parsed.kind === 'cover') return fetchCover(client, await client.getCover(parsed.id), ref);
  if (parsed.kind === 'patch') return fromResult(await client.getPatch(parsed.id), ref);
  const patch = await client.getPatchByMsgid(parsed.msgid, parsed.project);
  if (patch.ok || patch.status !== undefined || !/^no patch with Message-ID/.test(patch.error))
    return fromResult(patch, ref);
  // Not a patch: a cover letter's Message-ID opens its series.
  const cover = await client.findCoverByMsgid(parsed.msgid, parsed.project);
  if (!cover.ok) return failed(ref, cover.error);
  if (!cover.value) return failed(ref, `${patch.error} (no cover letter with it either)`);
  return fetchCover(client, { ok: true, value: cover.value, url: cover.url, text: cover.text }, ref);
}

async function fetchCover(
  client: PatchworkClient,
  got: PwResult<Record<string, unknown>>,
  ref: string,
): Promise<PatchworkReadResult> {
  if (!got.ok) return failed(ref, got.error);
  const series = got.value.series;
  const id =
    Array.isArray(series) && typeof (series[0] as Record<string, unknown>)?.id === 'number'
      ? ((series[0] as Record<string, unknown>).id as number)
      : undefined;
  if (id === undefined) return failed(ref, `${got.url}: the cover letter belongs to no series`);
  return fetchSeries(client, await client.getSeries(id), ref);
}

async function fetchSeries(
  client: PatchworkClient,
  got: PwResult<unknown>,
  ref: string,
): Promise<PatchworkReadResult> {
  if (!got.ok) return failed(ref, got.error);
  const listing = readPatchworkText(got.text, got.url);
  // Every warning of the listing (entries without a usable id, an incomplete series) reaches the user.
  const out: PatchworkReadResult = {
    mails: [],
    series: listing.series,
    diagnostics: [...listing.diagnostics],
  };
  const all = listing.series.flatMap((s) => s.patches);
  if (all.length > MAX_SERIES_PATCHES) {
    out.diagnostics.push(
      patchDiag(
        PatchCode.fetchFailed,
        'error',
        got.url,
        AT_START,
        `the series lists ${all.length} patches, more than the limit of ${MAX_SERIES_PATCHES}: only the first ${MAX_SERIES_PATCHES} are fetched`,
      ),
    );
  }
  const wanted = all.slice(0, MAX_SERIES_PATCHES);
  const results: PatchworkReadResult[] = new Array(wanted.length);
  let next = 0;
  const worker = async () => {
    for (let k = next++; k < wanted.length; k = next++)
      results[k] = fromResult(await client.getPatch(wanted[k].id), String(wanted[k].id));
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, wanted.length) }, worker));
  for (const patch of results) {
    pushAll(out.diagnostics, patch.diagnostics);
    for (const mail of patch.mails) out.mails.push({ ...mail, index: out.mails.length });
  }
  return out;
}

function fromResult(got: PwResult<unknown>, ref: string): PatchworkReadResult {
  if (!got.ok) return failed(ref, got.error);
  return readPatchworkText(got.text, got.url);
}

function failed(ref: string, message: string): PatchworkReadResult {
  const d: Diagnostic = patchDiag(PatchCode.fetchFailed, 'error', ref, AT_START, message);
  return { mails: [], series: [], diagnostics: [d] };
}
