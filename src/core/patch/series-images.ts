// Applies the patches of one series in order onto a base directory (through a
// FileHost), keeping every file's pre- and post-image per patch; without a base
// it builds partial files from the hunks' added lines instead.

import { join, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic';
import { confineHost } from '../host/confine';
import { HostRefusal, type FileHost } from '../host/types';
import { applyFilePatch, type ImageLine } from './apply';
import { PatchCode, patchDiag } from './codes';
import { parseDiffSteps } from './diff-parse';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../steps';
import { baseImage } from './image-host';
import type { FilePatch, ParsedDiff, PatchMail } from './types';
import type { SourceLine } from './mime';
import { pushAll } from '../text/push-all';

export interface FileImages {
  /** Path in the patch (`include/uapi/linux/vfio.h`). */
  path: string;
  /** Absolute path of the image (under the base, or under a virtual root without one). */
  absPath: string;
  pre?: ImageLine[];
  post?: ImageLine[];
  /** Whether the post-image is the whole file or only the hunks' added lines. */
  partial: boolean;
}

export interface MailImages {
  mail: PatchMail;
  /** Index of the mail in the series being applied (tags added lines). */
  tag: number;
  diff: ParsedDiff;
  files: FileImages[];
  diagnostics: Diagnostic[];
}

/** A directory that is never on disk: partial files without a base are analyzed as if there. */
export const HUNKS_ROOT = '/kpw-patch-hunks';

export function applySeries(
  mails: readonly PatchMail[],
  base: string | undefined,
  host: FileHost,
): MailImages[] {
  return runSync(applySeriesSteps(mails, base, host));
}

/** The same in steps (the language server's drive): a checkpoint after each file of each mail and
 *  through the diff parse (one hunk is parsed and applied in one step; a base file is read in one). */
export function* applySeriesSteps(
  mails: readonly PatchMail[],
  base: string | undefined,
  host: FileHost,
): Steps<MailImages[]> {
  const state = new Map<string, ImageLine[] | undefined>();
  const root = base ? resolve(base) : HUNKS_ROOT;
  // Base reads are confined to the tree: a link in it leading out (etc -> /etc) is refused, never opened.
  const confined = base ? confineHost(host, [root], `the base tree ${root}`) : host;
  const loaded = new Map<string, BaseRead>();
  const load = (path: string): BaseRead => {
    let r = loaded.get(path);
    if (!r) loaded.set(path, (r = base ? readBase(confined, join(root, path)) : {}));
    return r;
  };
  const read = (path: string): ImageLine[] | undefined => {
    if (state.has(path)) return state.get(path);
    const text = load(path).text;
    return text === undefined ? undefined : baseImage(text);
  };
  const refusal = (path: string | undefined): string | undefined =>
    !base || path === undefined || state.has(path) ? undefined : load(path).refused;
  const all: MailImages[] = [];
  for (let tag = 0; tag < mails.length; tag++) {
    const mail = mails[tag];
    yield;
    const bodyLines = mail.body.split('\n');
    const sourceLines = new Array<SourceLine>(mail.bodyOrigin.length);
    for (let i = 0; i < sourceLines.length; i++) {
      if ((i & (8 * CHECKPOINT_EVERY - 1)) === 0) yield;
      sourceLines[i] = {
        text: bodyLines[i] ?? '',
        origin: mail.bodyOrigin[i],
        columns: mail.bodyColumns?.[i],
      };
    }
    const diff = yield* parseDiffSteps(sourceLines, mail.file);
    const out: MailImages = { mail, tag, diff, files: [], diagnostics: [...diff.diagnostics] };
    all.push(out);
    for (const fp of diff.files) {
      yield;
      const path = fp.newPath ?? fp.oldPath ?? '';
      const outside = [fp.oldPath, fp.newPath].find((p) => p !== undefined && !insideRoot(root, p));
      if (outside !== undefined) {
        // Like `git apply` ("invalid path"): a hostile diff must not read or shadow files outside the tree.
        out.diagnostics.push(
          patchDiag(
            PatchCode.pathOutside,
            'error',
            mail.file,
            fp.origin,
            `${outside}: the path climbs out of the tree ('..'); the patch for it is not applied`,
          ),
        );
        continue;
      }
      const refused = refusal(fp.oldPath) ?? refusal(fp.newPath);
      if (refused !== undefined) {
        out.diagnostics.push(
          patchDiag(
            PatchCode.pathOutside,
            'error',
            mail.file,
            fp.origin,
            `${refused}; the patch for ${path} is not applied`,
          ),
        );
        continue;
      }
      if (fp.binary) {
        out.diagnostics.push(
          patchDiag(
            PatchCode.binarySkipped,
            'info',
            mail.file,
            fp.origin,
            `${path}: binary patch skipped (not applied, not analyzed)`,
          ),
        );
        continue;
      }
      const images = base
        ? applyOne(fp, read, state, tag, mail.file, out.diagnostics)
        : yield* hunkImage(fp, tag);
      if (images) out.files.push({ ...images, path, absPath: join(root, path) });
    }
  }
  return all;
}

function applyOne(
  fp: FilePatch,
  read: (path: string) => ImageLine[] | undefined,
  state: Map<string, ImageLine[] | undefined>,
  tag: number,
  file: string,
  diags: Diagnostic[],
): { pre?: ImageLine[]; post?: ImageLine[]; partial: boolean } {
  const pre = fp.kind === 'add' ? read(fp.newPath ?? '') : read(fp.oldPath ?? fp.newPath ?? '');
  const result = applyFilePatch(pre, fp, tag, file);
  pushAll(diags, result.diagnostics);
  if (fp.kind === 'rename' && fp.oldPath) state.set(fp.oldPath, undefined);
  if (fp.kind === 'delete' || result.lines) state.set(fp.newPath ?? fp.oldPath ?? '', result.lines);
  return { pre: result.pre ?? pre, post: result.lines, partial: false };
}

/** Without a base: the added lines of every hunk, runs separated by one blank line. */
function* hunkImage(
  fp: FilePatch,
  tag: number,
): Steps<{ pre?: ImageLine[]; post?: ImageLine[]; partial: boolean } | undefined> {
  if (fp.kind === 'delete') return undefined;
  const post: ImageLine[] = [];
  for (const hunk of fp.hunks) {
    if (hunk.incomplete) continue;
    // A run of added lines inside a comment block (a hunk editing its middle) is wrapped in
    // `/*` ... `*/` of its own, so its ` * text` lines are not read as code.
    const newSide = hunk.lines.filter((l) => l.kind !== 'remove');
    const inComment = yield* commentStatesSteps(newSide.map((l) => l.text));
    let runOpen = false;
    let closeRun = false;
    for (let k = 0; k < newSide.length; k++) {
      if ((k & (8 * CHECKPOINT_EVERY - 1)) === 8 * CHECKPOINT_EVERY - 1) yield;
      const line = newSide[k];
      if (line.kind !== 'add') {
        if (runOpen && closeRun) post.push({ text: ' */' });
        runOpen = false;
        continue;
      }
      if (!runOpen) {
        if (post.length) post.push({ text: '' });
        if (inComment[k].before) post.push({ text: '/*' });
        runOpen = true;
      }
      post.push({ text: line.text, added: { mail: tag, origin: line.origin, columns: line.columns } });
      closeRun = inComment[k].after;
    }
    if (runOpen && closeRun) post.push({ text: ' */' });
  }
  return { pre: [], post, partial: true };
}

/**
 * Whether each line starts and ends inside a block comment. A hunk may begin inside one:
 * it does when its first comment delimiter is a `*\/` or its first non-blank line is a
 * ` * text` continuation.
 */
export function commentStates(lines: readonly string[]): { before: boolean; after: boolean }[] {
  return runSync(commentStatesSteps(lines));
}

/** The same, a checkpoint every 8192 lines (a hunk of a whole new file). */
function* commentStatesSteps(lines: readonly string[]): Steps<{ before: boolean; after: boolean }[]> {
  const firstDelimiter = firstCommentDelimiter(lines);
  const firstText = lines.find((t) => t.trim() !== '') ?? '';
  let inside = firstDelimiter === '*/' || /^\s*\*(\s|$)/.test(firstText);
  const out: { before: boolean; after: boolean }[] = new Array(lines.length);
  // A checkpoint every ~64K characters scanned, within a line too (a 1 MB line was one ~17 ms step).
  let chars = 0;
  for (let k = 0; k < lines.length; k++) {
    const text = lines[k];
    chars += 8 + text.length;
    if (chars >= 64 * CHECKPOINT_EVERY) {
      chars = 0;
      yield;
    }
    const before = inside;
    for (let i = 0; i < text.length; i++) {
      if ((i & (64 * CHECKPOINT_EVERY - 1)) === 64 * CHECKPOINT_EVERY - 1) yield;
      if (inside && text.startsWith('*/', i)) {
        inside = false;
        i++;
      } else if (!inside && text.startsWith('/*', i)) {
        inside = true;
        i++;
      } else if (!inside && text.startsWith('//', i)) break;
      else if (!inside && (text[i] === '"' || text[i] === "'")) i = skipQuoted(text, i);
    }
    out[k] = { before, after: inside };
  }
  return out;
}

/** The first `/*` or `*\/` of the lines joined by newlines (neither spans a line break), without joining them. */
function firstCommentDelimiter(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const m = /\/\*|\*\//.exec(line);
    if (m) return m[0];
  }
  return undefined;
}

function skipQuoted(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

/** Whether a patch path stays under root once joined ('..' may not climb out). */
function insideRoot(root: string, path: string): boolean {
  const abs = resolve(root, `.${sep}${path}`);
  return abs === root || abs.startsWith(root + sep);
}

interface BaseRead {
  text?: string;
  /** Why the host would not read it (outside the tree, a FIFO, over the limit). */
  refused?: string;
}

function readBase(host: FileHost, path: string): BaseRead {
  try {
    return { text: host.readFile(path) };
  } catch (e) {
    return e instanceof HostRefusal ? { refused: e.message } : {};
  }
}
