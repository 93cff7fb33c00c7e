// Shared shapes of patch intake: a mail as read from a patch file, mbox or
// Patchwork object, its parsed diff, and where every line of it came from in
// the input file (so findings land on the patch's own lines).

import type { Diagnostic } from '../diag/diagnostic';
import type { Position } from '../text/position';

/** One header as it appeared, folding undone and RFC 2047 words decoded. */
export interface MailHeader {
  name: string;
  value: string;
}

/** Structure read from a subject's `[PATCH net-next v13 5/7]` prefix. */
export interface SubjectInfo {
  /** The subject without the bracketed prefixes and `Re:`. */
  title: string;
  /** Every prefix word, as written (`PATCH`, `RFC`, `net-next`, `v13`, `5/7`). */
  prefixes: string[];
  version: number;
  /** 1-based index in the series; 0 for the cover letter; undefined when the subject has no n/m. */
  index?: number;
  total?: number;
  rfc: boolean;
  resend: boolean;
  /** Tree tags such as `net-next`, `vfio`, `bpf`. */
  tags: string[];
  isReply: boolean;
}

export interface PatchMail {
  /** The input file the mail was read from (path, or a label like `patchwork:2222859`). */
  file: string;
  /** 0-based index of the mail in its input. */
  index: number;
  headers: MailHeader[];
  subject: string;
  from?: string;
  date?: string;
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  info: SubjectInfo;
  /** Decoded text/plain body (commit message, diffstat, diff, signature). */
  body: string;
  /** Position in the input file of each line of `body` (approximate inside base64 parts). */
  bodyOrigin: Position[];
  /** Input columns of body lines decoded from escapes (Patchwork JSON), by body line; see SourceLine.columns. */
  bodyColumns?: (readonly number[] | undefined)[];
  /** The Patchwork ids when the mail came from the API. */
  patchwork?: { patchId?: number; seriesId?: number; seriesVersion?: number; seriesName?: string };
}

export type HunkLineKind = 'context' | 'add' | 'remove';

export interface HunkLine {
  kind: HunkLineKind;
  /** Line text without the leading marker and line terminator. */
  text: string;
  /** Where this line is in the input file. */
  origin: Position;
  /** Input column of each character of the line, its marker first (only for text decoded from escapes). */
  columns?: readonly number[];
  /** `\ No newline at end of file` followed this line. */
  noNewline?: boolean;
}

export interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** The `@@ ... @@ section` line as written. */
  header: string;
  headerOrigin: Position;
  lines: HunkLine[];
  /** The hunk ended before its counts were met (truncated mail): reported, never applied. */
  incomplete?: boolean;
}

export interface FilePatch {
  /** Path before (`a/` stripped); undefined for a new file. */
  oldPath?: string;
  /** Path after (`b/` stripped); undefined for a deleted file. */
  newPath?: string;
  kind: 'modify' | 'add' | 'delete' | 'rename' | 'copy';
  binary: boolean;
  hunks: Hunk[];
  /** The `diff --git` (or `---`) line. */
  origin: Position;
}

export interface ParsedDiff {
  files: FilePatch[];
  diagnostics: Diagnostic[];
}

/** One reader's result: mails in input order plus the problems met (never thrown). */
export interface ReadResult {
  mails: PatchMail[];
  diagnostics: Diagnostic[];
}
