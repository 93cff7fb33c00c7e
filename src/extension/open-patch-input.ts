// The pure half of "KPW: Open Patch from Patchwork": what the user typed
// (a patch id, `series:ID`, a Message-ID or a Patchwork web/API URL) becomes a
// reference and a server, and fetched mails become mbox text to open. No vscode here.

import { parsePatchworkInput as parseInput, type PatchMail, type PatchworkInput } from '../core/api/index';

export type { PatchworkInput };

/** Parses the command's input; `defaultServer` (kpw.patchwork.url) is used unless a URL names its own (the CLI parses the same way). */
export function parsePatchworkInput(input: string, defaultServer: string): PatchworkInput {
  const parsed = parseInput(input, defaultServer);
  // The editor names its setting where the CLI names its option.
  return parsed.ok || !/is not an http\(s\) URL|needs a Patchwork server/.test(parsed.error)
    ? parsed
    : { ok: false, error: `kpw.patchwork.url '${defaultServer}' is not an http(s) URL` };
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
  for (const line of mail.body.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n'))
    lines.push(/^>*From /.test(line) ? `>${line}` : line);
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
