// Fetches patch inputs from a Patchwork server for the CLI and the editor:
// `2222859` (a patch), `series:499754` (every patch of a series), or a
// Message-ID (`<...@...>`), read with the same reader as saved API pages.

import type { Diagnostic } from '../diag/diagnostic';
import { PatchCode, patchDiag } from './codes';
import { PatchworkClient, type PatchworkClientOptions, type PwResult } from './patchwork-client';
import { readPatchworkText, type PatchworkReadResult } from './patchwork-json';

const AT_START = { line: 0, character: 0 };

/** Whether a command-line argument names a Patchwork object rather than a file. */
export function isPatchworkRef(arg: string): boolean {
  return /^\d+$/.test(arg) || /^series:\d+$/.test(arg) || /^<?[^\s<>/]+@[^\s<>/]+>?$/.test(arg);
}

/** Reads one reference; failures become diagnostics on the reference itself. */
export async function fetchPatchworkRef(ref: string, opts: PatchworkClientOptions): Promise<PatchworkReadResult> {
  const client = new PatchworkClient(opts);
  const series = /^series:(\d+)$/.exec(ref);
  if (series) return fetchSeries(client, Number(series[1]), ref);
  const got = /^\d+$/.test(ref) ? await client.getPatch(Number(ref)) : await client.getPatchByMsgid(ref);
  return fromResult(got, ref);
}

async function fetchSeries(client: PatchworkClient, id: number, ref: string): Promise<PatchworkReadResult> {
  const got = await client.getSeries(id);
  if (!got.ok) return failed(ref, got.error);
  const listing = readPatchworkText(got.text, got.url);
  const out: PatchworkReadResult = { mails: [], series: listing.series, diagnostics: [...listing.diagnostics.filter((d) => d.code !== PatchCode.invalidJson)] };
  for (const p of listing.series.flatMap((s) => s.patches)) {
    const patch = fromResult(await client.getPatch(p.id), String(p.id));
    out.diagnostics.push(...patch.diagnostics);
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
