// One HTTP exchange of the Patchwork client (patchwork-client.ts): the body read
// under a byte cap while it streams, `Link: rel="next"` pagination, origins (the
// token goes only to the configured one), and the texts of network and HTTP errors.
// Split from the client, unchanged, to keep each file to one concern.

/** Results asked per list page (Patchwork's maximum). */
export const PER_PAGE = 100;

/** A body past the limit (by Content-Length, or while it streamed). */
export class TooLarge extends Error {}

/** Bytes all the answers of one client may total (shared by its concurrent requests). */
export interface ByteBudget {
  used: number;
  readonly max: number;
}

/**
 * The body as text, refused past maxBytes: by Content-Length first, then while it streams (after
 * gzip). Each chunk also counts against `budget`, the total of every answer of one fetch.
 */
export async function readCapped(res: Response, maxBytes: number, budget?: ByteBudget): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  const limit = `larger than the ${maxBytes}-byte limit for Patchwork responses`;
  if (Number.isFinite(declared) && declared > maxBytes && !res.headers.get('content-encoding')) {
    await res.body?.cancel().catch(() => undefined);
    throw new TooLarge(`response of ${declared} bytes: ${limit}`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (budget) {
      budget.used += value.byteLength;
      if (budget.used > budget.max) {
        await reader.cancel().catch(() => undefined);
        throw new TooLarge(
          `the answers of this fetch total more than ${budget.max} bytes (the limit for one series and its patches); stopped reading`,
        );
      }
    }
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge(
        `response body ${limit} (stopped reading at ${size} bytes${res.headers.get('content-encoding') ? `, after ${res.headers.get('content-encoding')} decoding` : ''})`,
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

export function withPerPage(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has('per_page')) u.searchParams.set('per_page', String(PER_PAGE));
  return u.toString();
}

/** `https://host` -> `https://host/api`; an URL already naming `/api` or `/api/1.x` is kept. */
export function apiRootOf(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/api(\/\d+\.\d+)?$/.test(trimmed) ? trimmed : `${trimmed}/api`;
}

/**
 * The `rel="next"` target of a Link header (RFC 8288), resolved against the current URL. The
 * header is read as link-values, not split on every comma: a target may hold commas
 * (`<...?a=1,2&page=2>`) and a quoted parameter too, and `rel` may name several relation
 * types (`rel="prev next"`); missing either made the list stop after one page without a word.
 */
export function nextLink(link: string | null, base: string): string | undefined {
  for (const { target, rels } of linkValues(link ?? '')) {
    if (!rels.includes('next')) continue;
    try {
      return new URL(target, base).toString();
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The link-values of a Link header: each `<target>` with its `rel` types (lowercased). */
export function linkValues(header: string): { target: string; rels: string[] }[] {
  const out: { target: string; rels: string[] }[] = [];
  let i = 0;
  const n = header.length;
  while (i < n) {
    const open = header.indexOf('<', i);
    if (open < 0) break;
    const close = header.indexOf('>', open + 1);
    if (close < 0) break;
    const target = header.slice(open + 1, close).trim();
    i = close + 1;
    let rels: string[] = [];
    // Parameters up to the comma that ends this link-value (commas inside quotes do not).
    while (i < n) {
      while (i < n && /\s/.test(header[i])) i++;
      if (header[i] !== ';') break;
      i++;
      const name = /^\s*([^=;,\s]+)\s*/.exec(header.slice(i, i + 256));
      if (!name) break;
      i += name[0].length;
      let value = '';
      if (header[i] === '=') {
        i++;
        while (i < n && /\s/.test(header[i])) i++;
        if (header[i] === '"') {
          i++;
          while (i < n && header[i] !== '"') {
            if (header[i] === '\\') i++;
            value += header[i] ?? '';
            i++;
          }
          i++;
        } else {
          const start = i;
          while (i < n && header[i] !== ';' && header[i] !== ',') i++;
          value = header.slice(start, i).trim();
        }
      }
      if (name[1].toLowerCase() === 'rel' && rels.length === 0)
        rels = value.toLowerCase().split(/\s+/).filter(Boolean);
    }
    out.push({ target, rels });
    const comma = header.indexOf(',', i);
    if (comma < 0) break;
    i = comma + 1;
  }
  return out;
}

export function networkError(err: unknown, timeoutMs: number, user?: AbortSignal): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms (timeout)`;
  if (e?.name === 'AbortError') return user?.aborted ? 'cancelled' : 'aborted';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `request failed: ${e?.message ?? String(err)}${cause ? ` (${cause})` : ''}`;
}

export function detailOf(text: string): string {
  try {
    const v = JSON.parse(text);
    if (isObj(v) && typeof v.detail === 'string') return `: ${v.detail}`;
  } catch {
    /* not JSON: the status says enough */
  }
  return '';
}

export function authHint(status: number, token?: string): string {
  if (status === 401 || status === 403)
    return token ? ' (check the API token)' : ' (this endpoint may need an API token)';
  return '';
}

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
