// Series structure from a subject line: `[PATCH net-next v2 0/3]`,
// `[RFC PATCH v13 5/7]`, `[PATCH RESEND]`, `Re: [PATCH ...]`, and Patchwork's
// comma-separated form of the same prefixes (`[v13,5/7] title`).

import type { SubjectInfo } from './types';
import { pushAll } from '../text/push-all';

const KNOWN_WORDS = new Set(['PATCH', 'RFC', 'RESEND', 'PULL', 'GIT', 'REPOST', 'FYI']);

export function parseSubject(subject: string): SubjectInfo {
  let rest = subject.trim();
  let isReply = false;
  const prefixes: string[] = [];
  for (;;) {
    const re = /^(re|aw|fwd?)\s*:\s*/i.exec(rest);
    if (re) {
      isReply = true;
      rest = rest.slice(re[0].length);
      continue;
    }
    const group = /^\[([^\]]*)\]\s*/.exec(rest);
    if (!group) break;
    pushAll(prefixes, group[1].split(/[\s,]+/).filter(Boolean));
    rest = rest.slice(group[0].length);
  }
  return { title: rest, ...prefixInfo(prefixes), isReply };
}

/** Interprets prefix words (also Patchwork's `prefixes` array). */
export function prefixInfo(prefixes: string[]): Omit<SubjectInfo, 'title' | 'isReply'> {
  const info: Omit<SubjectInfo, 'title' | 'isReply'> = {
    prefixes,
    version: 1,
    rfc: false,
    resend: false,
    tags: [],
  };
  for (const word of prefixes) {
    const upper = word.toUpperCase();
    const version = /^v(\d{1,4})$/i.exec(word);
    const counter = /^(\d{1,5})\/(\d{1,5})$/.exec(word);
    if (version) info.version = Number(version[1]);
    else if (counter) {
      info.index = Number(counter[1]);
      info.total = Number(counter[2]);
    } else if (upper === 'RFC') info.rfc = true;
    else if (upper === 'RESEND') info.resend = true;
    else if (!KNOWN_WORDS.has(upper)) info.tags.push(word);
  }
  return info;
}
