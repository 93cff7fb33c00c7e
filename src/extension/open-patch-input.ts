// The pure half of "KPW: Open Patch from Patchwork": what the user typed
// (a patch id, `series:ID`, a Message-ID or a Patchwork web/API URL) becomes a
// reference and a server, and fetched mails become mbox text to open. No vscode here.

import { isPatchworkRef, type PatchMail } from '../core/api/index';

export type PatchworkInput = { ok: true; ref: string; server: string } | { ok: false; error: string };

/** Parses the command's input; `defaultServer` (kpw.patchwork.url) is used unless a URL names its own. */
export function parsePatchworkInput(input: string, defaultServer: string): PatchworkInput {
  const text = input.trim();
  if (!text) return { ok: false, error: 'enter a patch id, series:ID, a Message-ID or a Patchwork URL' };
  if (/^[a-z][\w+.-]*:\/\//i.test(text)) return fromUrl(text);
  const ref = /^series[:\s#]\s*(\d+)$/i.exec(text) ? `series:${/(\d+)$/.exec(text)![1]}` : text;
  if (!isPatchworkRef(ref)) return { ok: false, error: `'${text}' is not a patch id, series:ID, Message-ID or URL` };
  if (!/^https?:\/\/[^\s/]+/i.test(defaultServer.trim())) {
    return { ok: false, error: `kpw.patchwork.url '${defaultServer}' is not an http(s) URL` };
  }
  return { ok: true, ref: msgidRef(ref), server: defaultServer.trim().replace(/\/+$/, '') };
}

function fromUrl(text: string): PatchworkInput {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: `'${text}' is not a valid URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, error: `${url.protocol} URLs are not Patchwork servers` };
  const path = url.pathname.replace(/\/+$/, '');
  // The server is everything before /project/ or /api/ (Patchwork may live under a prefix).
  const cut = /\/(?:project|api|patch|series)(?:\/|$)/.exec(path);
  const server = `${url.origin}${cut ? path.slice(0, cut.index) : ''}`;
  const ref = refOfPath(path, url.searchParams);
  return ref ? { ok: true, ref, server } : { ok: false, error: `${text}: no patch or series in this URL (expected .../patch/ID/, .../patch/<msgid>/, ?series=ID or /api/.../patches/ID/)` };
}

function refOfPath(path: string, query: URLSearchParams): string | undefined {
  const series = query.get('series') ?? /\/series\/(\d+)(?:\/mbox)?$/.exec(path)?.[1];
  if (series && /^\d+$/.test(series)) return `series:${series}`;
  const msgid = query.get('msgid');
  if (msgid) return msgidRef(msgid);
  const m = /\/(?:patch|patches)\/([^/]+)(?:\/(?:mbox|raw))?$/.exec(path);
  if (!m) return undefined;
  const id = decodeURIComponent(m[1]);
  if (/^\d+$/.test(id)) return id;
  return id.includes('@') ? msgidRef(id) : undefined;
}

/** A Message-ID as the client wants it: in angle brackets. */
function msgidRef(ref: string): string {
  if (/^\d+$/.test(ref) || ref.startsWith('series:')) return ref;
  return `<${ref.replace(/^<|>$/g, '')}>`;
}

const MAIL_HEADERS = ['From', 'Date', 'Subject', 'Message-ID', 'In-Reply-To', 'References', 'To', 'Cc'];

/** The fetched mails as one mbox (what `git am` and the kernel-patch language read). */
export function mailsToMbox(mails: readonly PatchMail[]): string {
  return mails.map(mailToMbox).join('\n');
}

function mailToMbox(mail: PatchMail): string {
  const lines = [`From ${mail.patchwork?.patchId ?? 'kpw'} Mon Sep 17 00:00:00 2001`];
  for (const name of MAIL_HEADERS) {
    const value = headerValue(mail, name);
    if (value) lines.push(`${name}: ${value.replace(/\s*\n\s*/g, ' ')}`);
  }
  if (mail.patchwork?.patchId !== undefined) lines.push(`X-Patchwork-Id: ${mail.patchwork.patchId}`);
  lines.push('');
  // mboxrd: a body line that would read as a separator is quoted.
  for (const line of mail.body.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n')) lines.push(/^>*From /.test(line) ? `>${line}` : line);
  return `${lines.join('\n')}\n`;
}

function headerValue(mail: PatchMail, name: string): string | undefined {
  switch (name) {
    case 'From':
      return mail.from;
    case 'Date':
      return mail.date;
    case 'Subject':
      return mail.subject;
    case 'Message-ID':
      return mail.messageId ? msgidRef(mail.messageId) : undefined;
    case 'In-Reply-To':
      return mail.inReplyTo ? msgidRef(mail.inReplyTo) : undefined;
    case 'References':
      return mail.references.length ? mail.references.map(msgidRef).join(' ') : undefined;
    default:
      return mail.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
  }
}
