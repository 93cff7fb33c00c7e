// What names a Patchwork object, for the CLI and the editor alike: `2222859`,
// `series:ID`, `cover:ID`, a Message-ID (`<...>`, which may hold '/'), one scoped
// to a project (`project:NAME/<...>`), and Patchwork web and API URLs (whose
// Message-IDs come percent-encoded once, `%2F`, or twice, `%252F`).

export type PatchworkRef =
  | { kind: 'patch'; id: number }
  | { kind: 'series'; id: number }
  | { kind: 'cover'; id: number }
  | { kind: 'msgid'; msgid: string; project?: string };

export type PatchworkInput = { ok: true; ref: string; server: string } | { ok: false; error: string };

const BRACKETED = /^<[^\s<>]+>$/;
const BARE_MSGID = /^[^\s<>/]+@[^\s<>/]+$/;
const PROJECT = /^project:([\w.-]+)\/(<[^\s<>]+>)$/;

/** The ref a string names; undefined when it names none. */
export function parseRefString(ref: string): PatchworkRef | undefined {
  const t = ref.trim();
  if (/^\d{1,15}$/.test(t)) return { kind: 'patch', id: Number(t) };
  const typed = /^(series|cover):(\d{1,15})$/.exec(t);
  if (typed) return { kind: typed[1] as 'series' | 'cover', id: Number(typed[2]) };
  const scoped = PROJECT.exec(t);
  if (scoped) return { kind: 'msgid', msgid: scoped[2], project: scoped[1] };
  if (BRACKETED.test(t) || BARE_MSGID.test(t))
    return { kind: 'msgid', msgid: `<${t.replace(/^<|>$/g, '')}>` };
  return undefined;
}

export function refString(ref: PatchworkRef): string {
  if (ref.kind === 'msgid') return ref.project ? `project:${ref.project}/${ref.msgid}` : ref.msgid;
  return ref.kind === 'patch' ? String(ref.id) : `${ref.kind}:${ref.id}`;
}

/** Whether a command-line argument names a Patchwork object (a ref or an http(s) URL) rather than a file. */
export function isPatchworkRef(arg: string): boolean {
  return parseRefString(arg) !== undefined || /^https?:\/\//i.test(arg.trim());
}

/**
 * What a user typed (a ref, `series 123`, or a web/API URL) as a ref and a server;
 * `defaultServer` is used unless a URL names its own.
 */
export function parsePatchworkInput(input: string, defaultServer: string | undefined): PatchworkInput {
  const text = input.trim();
  if (!text) return { ok: false, error: 'enter a patch id, series:ID, a Message-ID or a Patchwork URL' };
  if (/^[a-z][\w+.-]*:\/\//i.test(text)) return fromUrl(text);
  const loose = /^series[:\s#]\s*(\d+)$/i.exec(text);
  const ref = parseRefString(loose ? `series:${loose[1]}` : text);
  if (!ref) return { ok: false, error: `'${text}' is not a patch id, series:ID, Message-ID or URL` };
  const server = (defaultServer ?? '').trim();
  if (!/^https?:\/\/[^\s/]+/i.test(server)) {
    return {
      ok: false,
      error: server
        ? `the Patchwork server '${server}' is not an http(s) URL`
        : `'${text}' needs a Patchwork server (--patchwork URL)`,
    };
  }
  return { ok: true, ref: refString(ref), server: server.replace(/\/+$/, '') };
}

function fromUrl(text: string): PatchworkInput {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: `'${text}' is not a valid URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, error: `${url.protocol} URLs are not Patchwork servers` };
  // The raw path: a Message-ID's encoded '/' must not split it into segments.
  const path = url.pathname.replace(/\/+$/, '');
  // The server is everything before /project/ or /api/ (Patchwork may live under a prefix).
  const cut = /\/(?:project|api|patch|cover|series)(?:\/|$)/.exec(path);
  const server = `${url.origin}${cut ? path.slice(0, cut.index) : ''}`;
  const ref = refOfPath(path, url.searchParams);
  return ref
    ? { ok: true, ref: refString(ref), server }
    : {
        ok: false,
        error: `${text}: no patch or series in this URL (expected .../patch/ID/, .../project/NAME/patch/<msgid>/, .../cover/..., ?series=ID or /api/.../patches/ID/)`,
      };
}

function refOfPath(path: string, query: URLSearchParams): PatchworkRef | undefined {
  const series = query.get('series') ?? /\/series\/(\d+)(?:\/mbox)?$/.exec(path)?.[1];
  if (series && /^\d+$/.test(series)) return { kind: 'series', id: Number(series) };
  const project = /\/project\/([\w.-]+)\//.exec(path)?.[1] ?? query.get('project') ?? undefined;
  const msgid = query.get('msgid');
  if (msgid)
    return {
      kind: 'msgid',
      msgid: bracket(msgid),
      project: project && /^[\w.-]+$/.test(project) ? project : undefined,
    };
  const m = /\/(patch|patches|cover|covers)\/([^/]+)(?:\/(?:mbox|raw|comments))?$/.exec(path);
  if (!m) return undefined;
  const id = decodeSegment(m[2]);
  if (/^\d+$/.test(id)) return { kind: m[1].startsWith('cover') ? 'cover' : 'patch', id: Number(id) };
  // A cover letter's Message-ID opens its series: the lookup tries patches, then covers.
  return id.includes('@') ? { kind: 'msgid', msgid: bracket(id), project } : undefined;
}

/** A path segment decoded until stable: Patchwork's web URLs encode a Message-ID's '/' as %2F, then again (%252F). */
export function decodeSegment(segment: string): string {
  let s = segment;
  for (let i = 0; i < 3 && /%[0-9A-Fa-f]{2}/.test(s); i++) {
    try {
      s = decodeURIComponent(s);
    } catch {
      break;
    }
  }
  return s;
}

function bracket(msgid: string): string {
  return `<${msgid.trim().replace(/^<|>$/g, '')}>`;
}

/** The token for `server` only when it is the configured server's origin (a URL may name any other). */
export function tokenFor(
  server: string,
  configured: string | undefined,
  token: string | undefined,
): string | undefined {
  const origin = (u: string | undefined) => {
    try {
      return u ? new URL(u).origin : undefined;
    } catch {
      return undefined;
    }
  };
  const mine = origin(configured);
  return token && mine !== undefined && origin(server) === mine ? token : undefined;
}
