// A small client for a Patchwork server's REST API (1.0-1.3): patches and
// series by id or Message-ID, `Link`-header pagination, an optional API token,
// timeouts through AbortSignal, and errors that say what went wrong. Uses
// Node's built-in fetch; never throws.

export interface PatchworkClientOptions {
  /** Server URL: `https://patchwork.kernel.org`, or an API root such as `.../api/1.3`. */
  url: string;
  /** Sent as `Authorization: Token <token>`. */
  token?: string;
  /** Per-request timeout; 30 s by default. */
  timeoutMs?: number;
  /** Caller's cancellation. */
  signal?: AbortSignal;
  /** Pages followed at most when listing (100 results each). */
  maxPages?: number;
}

export type PwResult<T> = { ok: true; value: T; url: string; text: string } | { ok: false; error: string; url: string; status?: number };

type Json = Record<string, unknown>;

export class PatchworkClient {
  readonly apiRoot: string;

  constructor(private readonly opts: PatchworkClientOptions) {
    this.apiRoot = apiRootOf(opts.url);
  }

  getPatch(id: number): Promise<PwResult<Json>> {
    return this.getObject(`patches/${id}/`);
  }

  getSeries(id: number): Promise<PwResult<Json>> {
    return this.getObject(`series/${id}/`);
  }

  /** The patch with this Message-ID (angle brackets optional), via `?msgid=` (API 1.1+). */
  async getPatchByMsgid(msgid: string): Promise<PwResult<Json>> {
    const list = await this.list(`patches/?msgid=${encodeURIComponent(stripBrackets(msgid))}`);
    if (!list.ok) return list;
    const first = list.value[0];
    if (!first) return { ok: false, url: list.url, error: `no patch with Message-ID <${stripBrackets(msgid)}> on ${this.apiRoot}` };
    const id = typeof first.id === 'number' ? first.id : undefined;
    return id === undefined ? { ok: true, value: first, url: list.url, text: JSON.stringify(first) } : this.getPatch(id);
  }

  /** The series a Message-ID belongs to: of the patch with it, else of the cover letter with it. */
  async getSeriesByMsgid(msgid: string): Promise<PwResult<Json>> {
    const patch = await this.list(`patches/?msgid=${encodeURIComponent(stripBrackets(msgid))}`);
    const cover = patch.ok && patch.value.length ? patch : await this.list(`covers/?msgid=${encodeURIComponent(stripBrackets(msgid))}`);
    if (!cover.ok) return cover;
    const series = cover.value[0]?.series;
    const id = Array.isArray(series) && typeof (series[0] as Json)?.id === 'number' ? ((series[0] as Json).id as number) : undefined;
    if (id === undefined) return { ok: false, url: cover.url, error: `no series found for Message-ID <${stripBrackets(msgid)}> on ${this.apiRoot}` };
    return this.getSeries(id);
  }

  /** Every item of a list endpoint, following `Link: <...>; rel="next"` up to maxPages. */
  async list(pathAndQuery: string): Promise<PwResult<Json[]>> {
    const items: Json[] = [];
    let url: string | undefined = this.resolve(pathAndQuery);
    const first = url;
    const seen = new Set<string>();
    for (let page = 0; url && page < (this.opts.maxPages ?? 50); page++) {
      if (seen.has(url)) break; // a server whose next link loops
      seen.add(url);
      const r = await this.request(url);
      if (!r.ok) return r;
      const value = r.json;
      const pageItems = Array.isArray(value) ? value : isObj(value) && Array.isArray(value.results) ? value.results : undefined;
      if (!pageItems) return { ok: false, url, error: `${url}: expected a JSON list, got ${describe(value)}` };
      items.push(...pageItems.filter(isObj));
      url = nextLink(r.link, url);
    }
    return { ok: true, value: items, url: first, text: JSON.stringify(items) };
  }

  private async getObject(path: string): Promise<PwResult<Json>> {
    const url = this.resolve(path);
    const r = await this.request(url);
    if (!r.ok) return r;
    if (!isObj(r.json)) return { ok: false, url, error: `${url}: expected a JSON object, got ${describe(r.json)}` };
    return { ok: true, value: r.json, url, text: r.text };
  }

  private resolve(path: string): string {
    return `${this.apiRoot}/${path.replace(/^\/+/, '')}`;
  }

  private async request(url: string): Promise<{ ok: true; json: unknown; text: string; link: string | null } | { ok: false; error: string; url: string; status?: number }> {
    const timeoutMs = this.opts.timeoutMs ?? 30000;
    const signals = [AbortSignal.timeout(timeoutMs), ...(this.opts.signal ? [this.opts.signal] : [])];
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.opts.token) headers.Authorization = `Token ${this.opts.token}`;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { headers, signal: AbortSignal.any(signals), redirect: 'follow' });
      text = await res.text();
    } catch (err) {
      return { ok: false, url, error: `${url}: ${networkError(err, timeoutMs, this.opts.signal)}` };
    }
    if (!res.ok) return { ok: false, url, status: res.status, error: `${url}: HTTP ${res.status} ${res.statusText}${detailOf(text)}${authHint(res.status, this.opts.token)}` };
    const type = res.headers.get('content-type') ?? '';
    if (!/json/i.test(type)) return { ok: false, url, status: res.status, error: `${url}: expected JSON, got '${type || 'no content type'}' (is this a Patchwork API URL?)` };
    try {
      return { ok: true, json: JSON.parse(text), text, link: res.headers.get('link') };
    } catch (err) {
      return { ok: false, url, status: res.status, error: `${url}: invalid JSON in the response: ${(err as Error).message}` };
    }
  }
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

function networkError(err: unknown, timeoutMs: number, user?: AbortSignal): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms (timeout)`;
  if (e?.name === 'AbortError') return user?.aborted ? 'cancelled' : 'aborted';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `request failed: ${e?.message ?? String(err)}${cause ? ` (${cause})` : ''}`;
}

function detailOf(text: string): string {
  try {
    const v = JSON.parse(text);
    if (isObj(v) && typeof v.detail === 'string') return `: ${v.detail}`;
  } catch {
    /* not JSON: the status says enough */
  }
  return '';
}

function authHint(status: number, token?: string): string {
  if (status === 401 || status === 403) return token ? ' (check the API token)' : ' (this endpoint may need an API token)';
  return '';
}

function stripBrackets(msgid: string): string {
  return msgid.trim().replace(/^</, '').replace(/>$/, '');
}

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}
