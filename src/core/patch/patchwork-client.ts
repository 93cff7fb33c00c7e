// A small client for a Patchwork server's REST API (1.0-1.3): patches and
// series by id or Message-ID, `Link`-header pagination, an optional API token,
// timeouts through AbortSignal, and errors that say what went wrong. Uses
// Node's built-in fetch; never throws. Bounded: the token goes only to the
// configured origin (a `Link` elsewhere is refused, as redirects drop it),
// every body is capped while it streams (gzip included), and one client has an
// overall deadline across all its requests.

import { MAX_FETCH_TOTAL_BYTES, MAX_JSON_DEPTH, MAX_LIST_PAGES, MAX_RESPONSE_BYTES } from '../limits';
import { jsonDeeperThan } from '../text/json-depth';
import {
  apiRootOf,
  authHint,
  type ByteBudget,
  detailOf,
  isObj,
  networkError,
  nextLink,
  originOf,
  PER_PAGE,
  readCapped,
  TooLarge,
  withPerPage,
} from './patchwork-http';
import { pushAll } from '../text/push-all';

export { apiRootOf, nextLink, PER_PAGE } from './patchwork-http';

/** A response body (after decompression) larger than this is refused while it streams. */
export { MAX_RESPONSE_BYTES };
/** All requests of one client (a series and its patches) end by this deadline. */
export const DEFAULT_DEADLINE_MS = 90_000;

export interface PatchworkClientOptions {
  /** Server URL: `https://patchwork.kernel.org`, or an API root such as `.../api/1.3`. */
  url: string;
  /** Sent as `Authorization: Token <token>`. */
  token?: string;
  /** Per-request timeout; 30 s by default. */
  timeoutMs?: number;
  /** Caller's cancellation. */
  signal?: AbortSignal;
  /** Pages followed at most when listing (100 results each); past them the list is an error. */
  maxPages?: number;
  /** Overall deadline for every request of this client; 90 s by default. */
  deadlineMs?: number;
  /** Response bodies over this many bytes are refused; 64 MiB by default. */
  maxBytes?: number;
  /** All the bodies of this client together; MAX_FETCH_TOTAL_BYTES by default. */
  maxTotalBytes?: number;
}

export type PwResult<T> =
  | { ok: true; value: T; url: string; text: string }
  | { ok: false; error: string; url: string; status?: number };

type Json = Record<string, unknown>;

export class PatchworkClient {
  readonly apiRoot: string;
  /** The API version the URL names (`1.1` for `.../api/1.1`); undefined: the server's latest. */
  readonly apiVersion?: string;
  private readonly origin: string;
  private readonly deadline: number;
  /** Bytes every answer of this client totals: 500 patches of 64 MiB each were all held at once. */
  private readonly budget: ByteBudget;

  constructor(private readonly opts: PatchworkClientOptions) {
    this.apiRoot = apiRootOf(opts.url);
    this.apiVersion = /\/api\/(\d+\.\d+)$/.exec(this.apiRoot)?.[1];
    this.origin = originOf(this.apiRoot);
    this.deadline = Date.now() + (opts.deadlineMs ?? DEFAULT_DEADLINE_MS);
    this.budget = { used: 0, max: opts.maxTotalBytes ?? MAX_FETCH_TOTAL_BYTES };
  }

  getPatch(id: number): Promise<PwResult<Json>> {
    return this.getObject(`patches/${id}/`);
  }

  getSeries(id: number): Promise<PwResult<Json>> {
    return this.getObject(`series/${id}/`);
  }

  getCover(id: number): Promise<PwResult<Json>> {
    return this.getObject(`covers/${id}/`);
  }

  /**
   * The patch with this Message-ID (angle brackets optional), within `project` when given
   * (Message-IDs are unique only per project). The answer is checked: API 1.0 and 1.1 have
   * no msgid filter and return the whole list.
   */
  async getPatchByMsgid(msgid: string, project?: string): Promise<PwResult<Json>> {
    const found = await this.findByMsgid('patches', msgid, project);
    if (!found.ok) return found;
    if (!found.value)
      return {
        ok: false,
        url: found.url,
        error: `no patch with Message-ID <${stripBrackets(msgid)}>${project ? ` in project ${project}` : ''} on ${this.apiRoot}`,
      };
    const id = typeof found.value.id === 'number' ? found.value.id : undefined;
    return id === undefined
      ? { ok: true, value: found.value, url: found.url, text: JSON.stringify(found.value) }
      : this.getPatch(id);
  }

  /** The cover letter with this Message-ID (checked like getPatchByMsgid); value undefined when there is none. */
  findCoverByMsgid(msgid: string, project?: string): Promise<PwResult<Json | undefined>> {
    return this.findByMsgid('covers', msgid, project);
  }

  /** The series a Message-ID belongs to: of the patch with it, else of the cover letter with it. */
  async getSeriesByMsgid(msgid: string, project?: string): Promise<PwResult<Json>> {
    const patch = await this.findByMsgid('patches', msgid, project);
    if (!patch.ok) return patch;
    const hit = patch.value ? patch : await this.findByMsgid('covers', msgid, project);
    if (!hit.ok) return hit;
    const series = hit.value?.series;
    const id =
      Array.isArray(series) && typeof (series[0] as Json)?.id === 'number'
        ? ((series[0] as Json).id as number)
        : undefined;
    if (id === undefined)
      return {
        ok: false,
        url: hit.url,
        error: `no series found for Message-ID <${stripBrackets(msgid)}> on ${this.apiRoot}`,
      };
    return this.getSeries(id);
  }

  /**
   * The first item of `kind` whose msgid is the one asked (and whose project matches), through
   * `?msgid=` pages. A page of items none of which matches means the server ignored the filter.
   */
  private async findByMsgid(
    kind: 'patches' | 'covers',
    msgid: string,
    project?: string,
  ): Promise<PwResult<Json | undefined>> {
    const bare = stripBrackets(msgid);
    const query = `${kind}/?msgid=${encodeURIComponent(bare)}${project ? `&project=${encodeURIComponent(project)}` : ''}`;
    let ignored = 0;
    const matches = (item: Json) =>
      stripBrackets(String(item.msgid ?? '')) === bare && (!project || projectMatches(item.project, project));
    const list = await this.list(query, (page) => {
      const hit = page.some(matches);
      if (!hit && page.length) ignored += page.length;
      return page.length ? 'stop' : 'more';
    });
    if (!list.ok) return list;
    const hits = list.value.filter(matches);
    const projects = [...new Set(hits.map((h) => projectName(h.project)))];
    if (!project && projects.length > 1) {
      // Message-IDs are unique only within a project: taking the first would be a guess.
      return {
        ok: false,
        url: list.url,
        error: `Message-ID <${bare}> is in ${projects.length} projects (${projects.join(', ')}): name one, project:NAME/<${bare}> or a .../project/NAME/patch/... URL`,
      };
    }
    const hit = hits[0];
    if (hit) return { ok: true, value: hit, url: list.url, text: JSON.stringify(hit) };
    if (ignored > 0) {
      const why =
        this.apiVersion && Number(this.apiVersion) < 1.2
          ? `API ${this.apiVersion} has no msgid filter (it came with API 1.2): use ${this.apiRoot.replace(/\/\d+\.\d+$/, '')} or /api/1.2 and later`
          : 'the server ignored the msgid filter (Patchwork before API 1.2?)';
      return {
        ok: false,
        url: list.url,
        error: `${list.url}: asked for Message-ID <${bare}>${project ? ` in project ${project}` : ''}, got ${ignored} ${kind} none of which has it; ${why}`,
      };
    }
    return { ok: true, value: undefined, url: list.url, text: '' };
  }

  /**
   * Every item of a list endpoint, following `Link: <...>; rel="next"` up to maxPages
   * (`per_page=100` asked). `onPage` may stop early. A next link to another origin is refused.
   */
  async list(pathAndQuery: string, onPage?: (items: Json[]) => 'more' | 'stop'): Promise<PwResult<Json[]>> {
    const items: Json[] = [];
    let url: string | undefined = withPerPage(this.resolve(pathAndQuery));
    const first = url;
    const seen = new Set<string>();
    const maxPages = this.opts.maxPages ?? MAX_LIST_PAGES;
    let page = 0;
    for (; url && page < maxPages; page++) {
      if (seen.has(url)) break; // a server whose next link loops
      seen.add(url);
      const r = await this.request(url);
      if (!r.ok) return r;
      const value = r.json;
      const pageItems = Array.isArray(value)
        ? value
        : isObj(value) && Array.isArray(value.results)
          ? value.results
          : undefined;
      if (!pageItems)
        return { ok: false, url, error: `${url}: expected a JSON list, got ${describe(value)}` };
      const objects = pageItems.filter(isObj);
      pushAll(items, objects);
      if (onPage?.(objects) === 'stop') break;
      const next = nextLink(r.link, url);
      if (next !== undefined && originOf(next) !== this.origin) {
        // The token is for the configured server only: the same rule redirects follow.
        return {
          ok: false,
          url,
          error: `${url}: refusing to follow Link rel="next" to ${originOf(next)}, another origin than the configured ${this.origin} (the API token is sent only there)`,
        };
      }
      url = next === undefined ? undefined : withPerPage(next);
    }
    if (url && !seen.has(url))
      // The list goes on past the cap: answering from the pages read would be a guess (a
      // Message-ID on page 60 came out as "no patch with Message-ID").
      return {
        ok: false,
        url: first,
        error: `${first}: the list goes on past ${page} pages of ${PER_PAGE} (the limit for one Patchwork list); stopped before ${url}`,
      };
    return { ok: true, value: items, url: first, text: JSON.stringify(items) };
  }

  private async getObject(path: string): Promise<PwResult<Json>> {
    const url = this.resolve(path);
    const r = await this.request(url);
    if (!r.ok) return r;
    if (!isObj(r.json))
      return { ok: false, url, error: `${url}: expected a JSON object, got ${describe(r.json)}` };
    return { ok: true, value: r.json, url, text: r.text };
  }

  private resolve(path: string): string {
    return `${this.apiRoot}/${path.replace(/^\/+/, '')}`;
  }

  /** Every answer of the server passes here: an error that quotes the token (a server echoing the
   *  Authorization header in its `detail`, a proxy's page) shows it as `<token>`, never the token;
   *  a password in the URL shows as `<password>`. */
  private async request(url: string): Promise<RequestResult> {
    const r = await this.requestRaw(url);
    if (r.ok) return r;
    const token = this.opts.token;
    // A password in the URL (`https://user:secret@host`, which fetch refuses) is not printed either.
    let error = r.error.replace(/(\/\/[^/@\s:]*):[^/@\s]*@/g, '$1:<password>@');
    if (token) error = error.split(token).join('<token>');
    return { ...r, url: r.url.replace(/(\/\/[^/@\s:]*):[^/@\s]*@/g, '$1:<password>@'), error };
  }

  private async requestRaw(url: string): Promise<RequestResult> {
    const remaining = this.deadline - Date.now();
    const deadlineMs = this.opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
    if (this.budget.used >= this.budget.max)
      return {
        ok: false,
        url,
        error: `${url}: not requested: the answers of this fetch already total the ${this.budget.max}-byte limit for one series and its patches`,
      };
    if (remaining <= 0)
      return {
        ok: false,
        url,
        error: `${url}: not requested: the overall deadline of ${deadlineMs / 1000} s for this fetch has passed`,
      };
    const perRequest = this.opts.timeoutMs ?? 30000;
    const timeoutMs = Math.min(perRequest, remaining);
    const signals = [AbortSignal.timeout(timeoutMs), ...(this.opts.signal ? [this.opts.signal] : [])];
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.opts.token && originOf(url) === this.origin) headers.Authorization = `Token ${this.opts.token}`;
    const maxBytes = this.opts.maxBytes ?? MAX_RESPONSE_BYTES;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { headers, signal: AbortSignal.any(signals), redirect: 'follow' });
      text = await readCapped(res, maxBytes, this.budget);
    } catch (err) {
      if (err instanceof TooLarge) return { ok: false, url, error: `${url}: ${err.message}` };
      const why =
        timeoutMs < perRequest && (err as Error)?.name === 'TimeoutError'
          ? `the overall deadline of ${deadlineMs / 1000} s for this fetch passed`
          : networkError(err, timeoutMs, this.opts.signal);
      return { ok: false, url, error: `${url}: ${why}` };
    }
    if (!res.ok)
      return {
        ok: false,
        url,
        status: res.status,
        error: `${url}: HTTP ${res.status} ${res.statusText}${detailOf(text)}${authHint(res.status, this.opts.token)}`,
      };
    const type = res.headers.get('content-type') ?? '';
    if (!/json/i.test(type))
      return {
        ok: false,
        url,
        status: res.status,
        error: `${url}: expected JSON, got '${type || 'no content type'}' (is this a Patchwork API URL?)`,
      };
    try {
      const json: unknown = JSON.parse(text);
      if (jsonDeeperThan(json, MAX_JSON_DEPTH))
        return {
          ok: false,
          url,
          status: res.status,
          error: `${url}: the JSON nests deeper than ${MAX_JSON_DEPTH} levels: not a Patchwork answer`,
        };
      return { ok: true, json, text, link: res.headers.get('link') };
    } catch (err) {
      return {
        ok: false,
        url,
        status: res.status,
        error: `${url}: invalid JSON in the response: ${(err as Error).message}`,
      };
    }
  }
}

type RequestResult =
  | { ok: true; json: unknown; text: string; link: string | null }
  | { ok: false; error: string; url: string; status?: number };

function projectName(value: unknown): string {
  return isObj(value) ? String(value.link_name ?? value.linkname ?? value.id ?? '?') : String(value ?? '?');
}

/** A project as the API gives it (an object with id/link_name, or a URL) against a link name or id. */
function projectMatches(value: unknown, project: string): boolean {
  if (isObj(value))
    return value.link_name === project || String(value.id) === project || value.linkname === project;
  if (typeof value === 'string')
    return new RegExp(`/projects/${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?$`).test(value);
  return false;
}

function stripBrackets(msgid: string): string {
  return msgid.trim().replace(/^</, '').replace(/>$/, '');
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}
