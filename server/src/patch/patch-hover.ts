// textDocument/hover on kernel-patch documents: on a `+` line inside a struct
// or union, the record's layout on every configured ABI, computed from the
// header's post-image (what the patch would produce), as the header hover shows it.

import { resolve } from 'node:path';
import type { Hover, Position } from 'vscode-languageserver/node';
import {
  getAbi,
  type AbiSpec,
  buildHeaderModelSync,
  type HeaderModel,
  baselineOf,
  ImageHost,
  type ImageLine,
  type MailAnalysis,
} from '../../../src/core/api/index';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import { recordHover } from '../hover/hover-layout';
import type { PatchDocumentAnalysis } from './patch-analysis';
import { enclosingRecord } from '../symbol-at';

type HeaderImage = MailAnalysis['headers'][number];

/** Where a patch line sits in a header's post-image. */
interface PostHit {
  mail: MailAnalysis;
  header: HeaderImage;
  postLine: number;
  column: number;
}

/** Models built per post-image, kept as long as the analysis (one document version) lives. */
const modelCache = new WeakMap<HeaderImage, { key: string; models: HeaderModel[]; offset: number }>();

export function patchHover(analysis: PatchDocumentAnalysis, position: Position): Hover | null {
  const hit = findPostLine(analysis, position);
  if (!hit) return null;
  const { models, offset } = postModels(hit.header, analysis);
  const first = models[0];
  if (!first) return null;
  const absPath = resolve(hit.header.absPath);
  const at = { line: hit.postLine + offset, character: hit.column };
  const record =
    enclosingRecord(first, absPath, at) ?? enclosingRecord(first, absPath, { line: at.line, character: 0 });
  if (!record) return null;
  const body = recordHover(models, record.name);
  if (!body) return null;
  const pre = baselineOf(absPath, hit.header.pre ?? []).records.get(absPath);
  const how = pre?.has(record.name) ? 'changed' : 'added';
  const subject = hit.mail.mail.subject ? ` "${hit.mail.mail.subject}"` : '';
  const note = `*${record.kind} ${record.name} as ${how} by${subject}, in \`${hit.header.path}\`${analysis.base ? '' : ' (from the hunks alone: no base tree)'}*`;
  const line = position.line;
  return {
    contents: { kind: 'markdown', value: `${note}\n\n${body}` },
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
  };
}

/** The header and post-image line that the `+` line at `position` became. */
function findPostLine(analysis: PatchDocumentAnalysis, position: Position): PostHit | undefined {
  for (const mail of analysis.analyses.flatMap((a) => a.mails)) {
    for (const header of mail.headers) {
      const post = header.post ?? [];
      for (let i = 0; i < post.length; i++) {
        const origin = post[i].added?.origin;
        if (origin?.line !== position.line) continue;
        return { mail, header, postLine: i, column: Math.max(0, position.character - origin.character - 1) };
      }
    }
  }
  return undefined;
}

function postModels(
  header: HeaderImage,
  analysis: PatchDocumentAnalysis,
): { models: HeaderModel[]; offset: number } {
  const key = JSON.stringify([analysis.abis, analysis.includeDirs, analysis.base]);
  const hit = modelCache.get(header);
  if (hit?.key === key) return hit;
  const host = new ImageHost(nodeFileHost);
  let lines: readonly ImageLine[] = header.post ?? [];
  let offset = 0;
  // A partial header (hunks only) lacks its includes: give it <linux/types.h> (found in the
  // configured or the default include directories) so the __u8 family lays out.
  if (header.partial && !lines.some((l) => /^\s*#\s*include\s*<linux\/types\.h>/.test(l.text))) {
    lines = [{ text: '#include <linux/types.h>' }, ...lines];
    offset = 1;
  }
  host.set(header.absPath, lines);
  const abis = analysis.abis.map((n) => getAbi(n)).filter((a): a is AbiSpec => !!a);
  const models = abis.map((abi) =>
    buildHeaderModelSync({ files: [header.absPath], abi, host, includeDirs: analysis.includeDirs }),
  );
  const entry = { key, models, offset };
  modelCache.set(header, entry);
  return entry;
}
