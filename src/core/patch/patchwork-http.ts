// One HTTP exchange of the Patchwork client (patchwork-client.ts): the body read
// under a byte cap while it streams, `Link: rel="next"` pagination, origins (the
// token goes only to the configured one), and the texts of network and HTTP errors.
// Split from the client, unchanged, to keep each file to one concern.

/** Results asked per list page (Patchwork's maximum). */
export const PER_PAGE = 100;

/** A body past the limit (by Content-Length, or while it streamed). */
export class TooLarge extends Error {}

/** The body as text, refused past maxBytes: by Content-Length first, then while it streams (after gzip). */
export async function readCapped(res: Response, maxBytes: number): Promise<string> {
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

/** The `rel="next"` target of a Link header, resolved against the current URL. */
export function nextLink(link: string | null, base: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel="?next"?/.test(m[2])) {
      try {
        return new URL(m[1], base).toString();
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
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
