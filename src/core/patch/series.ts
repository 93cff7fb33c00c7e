// Series structure: mails grouped into series by Patchwork series id, thread
// root (In-Reply-To/References) or, for unthreaded format-patch output, by
// sender, version and patch count; then versions of one series side by side.

import type { PatchMail } from './types';

export interface PatchSeries {
  /** Stable grouping key (`pw:499754`, a root Message-ID, or sender/version/count). */
  key: string;
  title: string;
  version: number;
  rfc: boolean;
  cover?: PatchMail;
  /** Patches in series order (by n of n/m, then input order). */
  patches: PatchMail[];
  /** Indexes 1..total that no mail carries. */
  missing: number[];
}

export interface SeriesVersions {
  title: string;
  /** Oldest version first. */
  versions: PatchSeries[];
}

/** Groups patch mails (replies and mails without a diff are left out, cover letters kept) into series. */
export function groupSeries(mails: readonly PatchMail[]): PatchSeries[] {
  const groups = new Map<string, PatchMail[]>();
  const byId = new Map(mails.filter((m) => m.messageId).map((m) => [m.messageId as string, m]));
  for (const mail of mails) {
    if (mail.info.isReply) continue;
    const isCover = mail.info.index === 0;
    if (!isCover && !hasDiff(mail)) continue;
    const key = seriesKey(mail, byId);
    const list = groups.get(key) ?? [];
    list.push(mail);
    groups.set(key, list);
  }
  return [...groups.entries()].map(([key, list]) => makeSeries(key, list));
}

/** Series with the same title (cover letter or first patch) and sender, by version. */
export function groupVersions(series: readonly PatchSeries[]): SeriesVersions[] {
  const groups = new Map<string, PatchSeries[]>();
  for (const s of series) {
    const sender = (s.cover ?? s.patches[0])?.from?.match(/<([^>]+)>/)?.[1] ?? '';
    const key = `${normalizeTitle(s.title)}|${sender.toLowerCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((versions) => ({
    title: versions[0].title,
    versions: [...versions].sort((a, b) => a.version - b.version),
  }));
}

export function hasDiff(mail: PatchMail): boolean {
  return /^(diff --git |--- \S|@@ -\d)/m.test(mail.body);
}

function seriesKey(mail: PatchMail, byId: Map<string, PatchMail>): string {
  if (mail.patchwork?.seriesId !== undefined) return `pw:${mail.patchwork.seriesId}`;
  if (mail.info.index === 0 && mail.messageId) return mail.messageId;
  const root = rootOf(mail, byId);
  if (root) return root;
  if (mail.info.total !== undefined && mail.info.total > 1) {
    return `${mail.file}|${mail.from ?? ''}|v${mail.info.version}|${mail.info.total}`;
  }
  return mail.messageId ?? `${mail.file}#${mail.index}`;
}

/** Walks up In-Reply-To to the nearest cover letter (a v13 posted in reply to v12 stays its own series). */
function rootOf(mail: PatchMail, byId: Map<string, PatchMail>): string | undefined {
  let parent = mail.inReplyTo ?? mail.references[mail.references.length - 1];
  for (let depth = 0; parent && depth < 50; depth++) {
    const p = byId.get(parent);
    if (!p || p.info.index === 0) return parent;
    const up = p.inReplyTo ?? p.references[p.references.length - 1];
    if (!up) return p.messageId;
    parent = up;
  }
  return parent;
}

function makeSeries(key: string, list: PatchMail[]): PatchSeries {
  const cover = list.find((m) => m.info.index === 0);
  const patches = list
    .filter((m) => m !== cover)
    .sort((a, b) => (a.info.index ?? 1e9) - (b.info.index ?? 1e9) || a.index - b.index);
  const first = cover ?? patches[0];
  const total = list.reduce((t, m) => Math.max(t, m.info.total ?? 0), 0);
  const have = new Set(patches.map((m) => m.info.index));
  const missing: number[] = [];
  for (let n = 1; n <= Math.min(total, 1000); n++) if (!have.has(n)) missing.push(n);
  return {
    key,
    title: first.patchwork?.seriesName ?? first.info.title,
    version: first.info.version,
    rfc: list.some((m) => m.info.rfc),
    cover,
    patches,
    missing,
  };
}

function normalizeTitle(title: string): string {
  return title.toLowerCase().replace(/\s+/g, ' ').trim();
}
