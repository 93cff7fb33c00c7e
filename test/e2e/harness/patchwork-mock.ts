// Our Patchwork stand-in on 127.0.0.1 (Patchwork itself cannot be installed from the
// registries we reach), behaving like Patchwork 3.1's REST API as served, per API
// version: /api/ is 1.3 and /api/1.0../api/1.3 answer too; the `msgid` filter of
// patches and covers exists only from 1.2 (older versions ignore it and return the
// whole list); Message-IDs are unique per project (the `project` filter takes an id
// or link name); an invalid token gets 403 {"detail":"Invalid token."}; JSON is
// compact (one line); lists are paginated (per_page default 30, at most 100) with
// Link first/prev/next/last; a series detail is unpaginated, its patches ordered by
// patch number, with received_all. The UI tests use its default seed (patch 2222859
// from the saved API page); the unit tests give their own data and hooks.

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { REPO_ROOT } from './tools';

export const SEED_PATCH_ID = '2222859';

export interface PwProject {
  id: number;
  link_name: string;
  name?: string;
}

export interface PwPatch {
  id: number;
  /** Project link name. */
  project: string;
  msgid: string;
  name: string;
  series?: number;
  /** n of the subject's n/m: the series detail orders by it. */
  number?: number;
  content?: string;
  diff?: string;
  headers?: Record<string, string>;
  /** Served as is instead of a generated detail (a saved API page's JSON). */
  raw?: string;
}

export interface PwCover {
  id: number;
  project: string;
  msgid: string;
  name: string;
  series?: number;
}

export interface PwSeries {
  id: number;
  project: string;
  name: string;
  version: number;
  total: number;
  /** Patch ids, in any order: the detail lists them by patch number. */
  patches: number[];
  cover?: number;
  /** Patchwork's received_all; by default whether every one of `total` patches is there. */
  receivedAll?: boolean;
}

export interface StandInData {
  projects?: PwProject[];
  patches?: PwPatch[];
  covers?: PwCover[];
  series?: PwSeries[];
  /** Valid API tokens; any other `Authorization: Token` gets 403 as Patchwork answers it. */
  tokens?: string[];
  /** Delay before answering a patch detail (a slow server). */
  patchDelayMs?: number;
  /** Answers a request itself when it returns true (hostile bodies, foreign Link headers). */
  hook?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;
}

export interface PatchworkMock {
  url: string;
  /** Request paths, in order. */
  requests: string[];
  /** Every request: path with query, and its Authorization header. */
  log: { path: string; auth?: string }[];
  stop(): Promise<void>;
}

const LATEST = '1.3';
const VERSIONS = new Set(['1.0', '1.1', '1.2', '1.3']);

/** The seed: patch 2222859 of series 499754 (project linux-pci) as Patchwork served it. */
export function seedData(): StandInData {
  const page = readFileSync(
    join(REPO_ROOT, 'test', 'fixtures', 'patch', 'patchwork-api-2222859.txt'),
    'utf8',
  );
  // The saved page is the API's HTML-less rendering: headers, then the JSON object.
  const raw = page.slice(page.indexOf('\n{') + 1);
  const seed = JSON.parse(raw) as { msgid: string; name: string };
  return {
    projects: [{ id: 28, link_name: 'linux-pci', name: 'Linux PCI development' }],
    patches: [
      {
        id: Number(SEED_PATCH_ID),
        project: 'linux-pci',
        msgid: seed.msgid,
        name: seed.name,
        series: 499754,
        number: 5,
        raw,
      },
    ],
    series: [
      {
        id: 499754,
        project: 'linux-pci',
        name: 'Error recovery for vfio-pci devices on s390x',
        version: 13,
        total: 7,
        patches: [Number(SEED_PATCH_ID)],
      },
    ],
  };
}

export async function startPatchworkMock(data: StandInData = seedData()): Promise<PatchworkMock> {
  const requests: string[] = [];
  const log: PatchworkMock['log'] = [];
  let root = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', root);
    requests.push(url.pathname);
    log.push({ path: url.pathname + url.search, auth: req.headers.authorization });
    if (data.hook?.(req, res, url)) return;
    void handle(data, root, req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  root = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url: root,
    requests,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, link?: string): void {
  // Patchwork's JSON renderer: compact, one line.
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    Allow: 'GET, HEAD, OPTIONS',
    Vary: 'Accept',
    ...(link ? { Link: link } : {}),
  });
  res.end(text);
}

async function handle(
  data: StandInData,
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const token = /^Token (\S+)$/.exec(auth)?.[1];
    if (!token || !(data.tokens ?? []).includes(token)) return send(res, 403, { detail: 'Invalid token.' });
  }
  const m = /^\/api(?:\/(\d+\.\d+))?\/(patches|covers|series|projects)\/(?:([^/]+)\/)?$/.exec(url.pathname);
  if (!m || (m[1] && !VERSIONS.has(m[1]))) return send(res, 404, { detail: 'Not found.' });
  const version = m[1] ?? LATEST;
  const base = `${root}/api/${m[1] ? `${version}/` : ''}`;
  const [kind, id] = [m[2], m[3]];
  if (id !== undefined) {
    if (!/^\d+$/.test(id)) return send(res, 404, { detail: 'Not found.' });
    if (kind === 'patches') {
      const p = (data.patches ?? []).find((x) => x.id === Number(id));
      if (!p) return send(res, 404, { detail: 'Not found.' });
      if (data.patchDelayMs) await new Promise((r) => setTimeout(r, data.patchDelayMs));
      if (res.destroyed) return;
      return send(res, 200, p.raw ?? patchDetail(data, p, base, root));
    }
    if (kind === 'covers') {
      const c = (data.covers ?? []).find((x) => x.id === Number(id));
      return c ? send(res, 200, coverSummary(data, c, base, root)) : send(res, 404, { detail: 'Not found.' });
    }
    if (kind === 'series') {
      const s = (data.series ?? []).find((x) => x.id === Number(id));
      return s ? send(res, 200, seriesDetail(data, s, base, root)) : send(res, 404, { detail: 'Not found.' });
    }
    const pr = (data.projects ?? []).find((x) => x.id === Number(id));
    return pr ? send(res, 200, projectJson(pr, base)) : send(res, 404, { detail: 'Not found.' });
  }
  let items: Record<string, unknown>[];
  if (kind === 'patches' || kind === 'covers') {
    let list: (PwPatch | PwCover)[] = kind === 'patches' ? (data.patches ?? []) : (data.covers ?? []);
    const project = url.searchParams.get('project');
    if (project)
      list = list.filter((x) => x.project === project || String(projectOf(data, x.project).id) === project);
    // The msgid filter came with API 1.2; 1.0 and 1.1 ignore the parameter.
    const msgid = url.searchParams.get('msgid');
    if (msgid && version >= '1.2')
      list = list.filter((x) => x.msgid.replace(/^<|>$/g, '') === msgid.replace(/^<|>$/g, ''));
    items = list.map((x) =>
      kind === 'patches'
        ? patchSummary(data, x as PwPatch, base, root)
        : coverSummary(data, x as PwCover, base, root),
    );
  } else if (kind === 'series') items = (data.series ?? []).map((s) => seriesDetail(data, s, base, root));
  else items = (data.projects ?? []).map((p) => projectJson(p, base));
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const page = Number(url.searchParams.get('page') ?? 1);
  if (!Number.isInteger(page) || page < 1 || page > pages) return send(res, 404, { detail: 'Invalid page.' });
  const at = (n: number) => {
    const u = new URL(url.toString());
    u.searchParams.set('page', String(n));
    return u.toString();
  };
  const links = [`<${at(1)}>; rel="first"`];
  if (page > 1) links.push(`<${at(page - 1)}>; rel="prev"`);
  if (page < pages) links.push(`<${at(page + 1)}>; rel="next"`);
  links.push(`<${at(pages)}>; rel="last"`);
  send(res, 200, items.slice((page - 1) * perPage, page * perPage), links.join(', '));
}

function projectOf(data: StandInData, linkName: string): PwProject {
  return (data.projects ?? []).find((p) => p.link_name === linkName) ?? { id: 0, link_name: linkName };
}

function projectJson(p: PwProject, base: string): Record<string, unknown> {
  return {
    id: p.id,
    url: `${base}projects/${p.id}/`,
    name: p.name ?? p.link_name,
    link_name: p.link_name,
    list_id: `${p.link_name}.example.org`,
    list_email: `${p.link_name}@example.org`,
    web_url: null,
    scm_url: null,
    webscm_url: null,
  };
}

function seriesRef(
  data: StandInData,
  id: number | undefined,
  base: string,
  root: string,
): Record<string, unknown>[] {
  const s = (data.series ?? []).find((x) => x.id === id);
  if (!s) return [];
  return [
    {
      id: s.id,
      url: `${base}series/${s.id}/`,
      web_url: `${root}/project/${s.project}/list/?series=${s.id}`,
      date: '2026-04-13T21:06:01',
      name: s.name,
      version: s.version,
      mbox: `${root}/series/${s.id}/mbox/`,
    },
  ];
}

/** Web URLs as Patchwork renders them: the Message-ID percent-encoded, and a '/' in it encoded twice. */
function webMsgid(msgid: string): string {
  return encodeURIComponent(msgid.replace(/^<|>$/g, '').replace(/\//g, '%2F')).replace(/%40/g, '@');
}

function patchSummary(data: StandInData, p: PwPatch, base: string, root: string): Record<string, unknown> {
  return {
    id: p.id,
    url: `${base}patches/${p.id}/`,
    web_url: `${root}/project/${p.project}/patch/${webMsgid(p.msgid)}/`,
    project: projectJson(projectOf(data, p.project), base),
    msgid: p.msgid,
    date: '2026-04-13T21:06:06',
    name: p.name,
    state: 'new',
    archived: false,
    series: seriesRef(data, p.series, base, root),
    mbox: `${root}/project/${p.project}/patch/${webMsgid(p.msgid)}/mbox/`,
  };
}

function patchDetail(data: StandInData, p: PwPatch, base: string, root: string): Record<string, unknown> {
  return {
    ...patchSummary(data, p, base, root),
    headers: { Subject: `[PATCH] ${p.name}`, 'Message-Id': p.msgid, ...(p.headers ?? {}) },
    content: p.content ?? '',
    diff: p.diff ?? null,
    prefixes: [],
  };
}

function coverSummary(data: StandInData, c: PwCover, base: string, root: string): Record<string, unknown> {
  return {
    id: c.id,
    url: `${base}covers/${c.id}/`,
    web_url: `${root}/project/${c.project}/cover/${webMsgid(c.msgid)}/`,
    project: projectJson(projectOf(data, c.project), base),
    msgid: c.msgid,
    date: '2026-04-13T21:06:01',
    name: c.name,
    series: seriesRef(data, c.series, base, root),
  };
}

function seriesDetail(data: StandInData, s: PwSeries, base: string, root: string): Record<string, unknown> {
  const patches = s.patches
    .map((id) => (data.patches ?? []).find((p) => p.id === id))
    .filter((p): p is PwPatch => p !== undefined)
    .sort((a, b) => (a.number ?? 0) - (b.number ?? 0) || a.id - b.id);
  const cover = (data.covers ?? []).find((c) => c.id === s.cover);
  return {
    ...seriesRef(data, s.id, base, root)[0],
    project: projectJson(projectOf(data, s.project), base),
    total: s.total,
    received_total: patches.length,
    received_all: s.receivedAll ?? patches.length >= s.total,
    cover_letter: cover
      ? { id: cover.id, url: `${base}covers/${cover.id}/`, msgid: cover.msgid, name: cover.name }
      : null,
    patches: patches.map((p) => ({
      id: p.id,
      url: `${base}patches/${p.id}/`,
      web_url: `${root}/project/${p.project}/patch/${webMsgid(p.msgid)}/`,
      msgid: p.msgid,
      name: p.name,
      mbox: `${root}/patch/${p.id}/mbox/`,
    })),
  };
}
