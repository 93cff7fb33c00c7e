// Fuzz target: patch mails (format-patch, mbox, MIME, bare diffs) through the
// readers, series grouping, in-memory apply (without a base, and onto a base
// made of the hunks' own pre-image) and, for one input in four, the analysis.

import { join } from 'node:path';
import type { Diagnostic } from '../../../src/core/diag/diagnostic';
import {
  analyzeMails,
  groupSeries,
  groupVersions,
  looksLikePatchworkJson,
  parseDiff,
  readMailText,
  readPatchText,
  readPatchworkText,
  seriesChecks,
  type PatchMail,
} from '../../../src/core/patch/index';
import { applySeries, HUNKS_ROOT } from '../../../src/core/patch/series-images';
import { initParser } from '../../../src/core/parser/tree-sitter/tree-sitter';
import type { FileHost } from '../../../src/core/host/types';
import type { Position } from '../../../src/core/text/position';
import { checkDiagnostics } from '../invariants/diagnostics';
import { FIXTURES, SHARED_FIXTURES, filesUnder, readAll } from './seeds';
import { inputHash, invariant, type FuzzTarget } from './types';
import { C_DICTIONARY } from './header';

export const PATCH_FILE = '/kpw-fuzz/input.mbox';
const BASE = '/kpw-fuzz-base';

const MAIL_DICTIONARY = [
  'From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n',
  'From: A <a@b.c>\n',
  'Subject: [PATCH v13 1/2] vfio: x\n',
  'Subject: [PATCH 0/3] cover\n',
  'Subject: Re: [PATCH]\n',
  'Date: Mon, 1 Jan 2024 00:00:00 +0000\n',
  'Message-ID: <a@b>\n',
  'In-Reply-To: <a@b>\n',
  'References: <a@b> <c@d>\n',
  'MIME-Version: 1.0\n',
  'Content-Type: multipart/mixed; boundary="XX"\n',
  'Content-Type: text/plain; charset=utf-8\n',
  // Forwarded mails and parts of types not read (a diff in them must be named, never dropped).
  'Content-Type: message/rfc822\n',
  'Content-Type: application/octet-stream\n',
  'Content-Transfer-Encoding: base64\n',
  'Content-Transfer-Encoding: quoted-printable\n',
  '--XX\n',
  '--XX--\n',
  '=?utf-8?B?w6k=?=',
  '=?iso-8859-1?Q?=E9?=',
  '=3D',
  '=\n',
  '=C3=A9',
  '\n\n',
  '---\n',
  '-- \n',
  '2.43.0\n',
  'diff --git a/include/uapi/linux/vfio.h b/include/uapi/linux/vfio.h\n',
  'index 1234567..89abcde 100644\n',
  '--- a/include/uapi/linux/vfio.h\n',
  '+++ b/include/uapi/linux/vfio.h\n',
  '--- /dev/null\n',
  '+++ /dev/null\n',
  'new file mode 100644\n',
  'deleted file mode 100644\n',
  'rename from a.h\n',
  'rename to b.h\n',
  'similarity index 90%\n',
  'Binary files a/x and b/x differ\n',
  'GIT binary patch\n',
  '@@ -1,3 +1,4 @@\n',
  '@@ -0,0 +1 @@\n',
  '@@ -1 +1 @@ struct x\n',
  '@@ -4294967295,1 +1,99999999 @@\n',
  '\\ No newline at end of file\n',
  '../',
  'a/../../',
  '/dev/null',
  '//',
  '+',
  '-',
  ' ',
  '+struct vfio_device_feature_zpci_err {\n',
  '+\t__u32 pec;\n',
  '+};\n',
  '+#define VFIO_DEVICE_FEATURE_ZPCI_ERROR 13\n',
];

function seedFiles(): string[] {
  return [
    ...filesUnder(join(FIXTURES, 'patch'), /\.(patch|mbox|eml|diff)$/),
    ...filesUnder(join(FIXTURES, 'cli', 'patch'), /\.(patch|mbox|eml|txt)$/),
    ...filesUnder(join(FIXTURES, 'server', 'patch'), /\.(patch|mbox|eml)$/),
    ...filesUnder(SHARED_FIXTURES, /\.(patch|mbox|eml)$/, 256 * 1024),
  ];
}

/** Origins (0-based positions in the input) must be inside the input. */
export function checkOrigin(p: Position, lines: number, what: string): void {
  invariant(
    Number.isSafeInteger(p.line) &&
      p.line >= 0 &&
      p.line < lines &&
      Number.isSafeInteger(p.character) &&
      p.character >= 0,
    () => `${what} at ${JSON.stringify(p)} is outside the input (${lines} lines)`,
  );
}

export function checkMails(mails: readonly PatchMail[], input: string, file: string): void {
  // Lines as editors count them: a lone CR ends a line too (positions are LSP positions).
  const lines = input.split(/\r\n|\r|\n/).length;
  mails.forEach((m, i) => {
    invariant(m.file === file, `mail ${i} names file ${m.file}`);
    invariant(
      typeof m.subject === 'string' && typeof m.body === 'string',
      `mail ${i} has no subject or body string`,
    );
    const bodyLines = m.bodyOrigin.length === 0 ? 0 : m.body.split('\n').length;
    invariant(
      bodyLines === m.bodyOrigin.length || (m.bodyOrigin.length === 0 && m.body === ''),
      () => `mail ${i}: ${m.body.split('\n').length} body lines but ${m.bodyOrigin.length} origins`,
    );
    for (const o of m.bodyOrigin) checkOrigin(o, lines, `mail ${i} body line`);
  });
}

/** A base tree holding, for every file a diff modifies, the hunks' own old lines. */
function preImageHost(mails: readonly PatchMail[]): FileHost {
  const files = new Map<string, string>();
  for (const mail of mails) {
    const bodyLines = mail.body.split('\n');
    const diff = parseDiff(
      mail.bodyOrigin.map((origin, i) => ({ text: bodyLines[i] ?? '', origin })),
      mail.file,
    );
    for (const fp of diff.files) {
      if (!fp.oldPath || files.has(fp.oldPath)) continue;
      const old = fp.hunks.flatMap((h) => h.lines.filter((l) => l.kind !== 'add').map((l) => l.text));
      files.set(join(BASE, fp.oldPath), old.join('\n') + '\n');
    }
  }
  return { readFile: (p) => files.get(p), fileExists: (p) => files.has(p) };
}

export async function runPatchInput(input: string, deep: boolean): Promise<void> {
  const texts = new Map([[PATCH_FILE, input]]);
  const read = looksLikePatchworkJson(input)
    ? readPatchworkText(input, PATCH_FILE)
    : readMailText(input, PATCH_FILE);
  checkDiagnostics(read.diagnostics, texts);
  checkMails(read.mails, input, PATCH_FILE);
  checkDiagnostics(readPatchText(input, PATCH_FILE).diagnostics, texts);
  const series = groupSeries(read.mails);
  groupVersions(series);
  const lines = input.split(/\r\n|\r|\n/).length;
  const host = preImageHost(read.mails);
  for (const [base, h] of [
    [undefined, host],
    [BASE, host],
  ] as const) {
    for (const step of applySeries(read.mails, base, h)) {
      checkDiagnostics(step.diagnostics, texts);
      for (const f of step.files) {
        invariant(
          f.absPath.startsWith(base ?? HUNKS_ROOT),
          () => `image path ${f.absPath} escapes ${base ?? HUNKS_ROOT}`,
        );
        for (const l of f.post ?? [])
          if (l.added) checkOrigin(l.added.origin, lines, `added line of ${f.path}`);
      }
    }
  }
  if (!deep) return;
  for (const s of series) {
    const analyses = await analyzeMails(s.patches, { base: BASE, host, abis: ['x86_64', 's390x'] });
    const diags: Diagnostic[] = analyses.flatMap((a) => [
      ...a.diagnostics,
      ...a.findings.map((f) => f.diagnostic),
      ...a.preExisting,
    ]);
    checkDiagnostics(diags, texts);
    checkDiagnostics(seriesChecks([{ series: s, mails: analyses }]), texts);
  }
}

export const patchTarget: FuzzTarget = {
  name: 'patch',
  description:
    'readMailText/readPatchText + groupSeries + parseDiff + applySeries (hunks, base) + analyzeMails (1 in 4)',
  dictionary: [...MAIL_DICTIONARY, ...C_DICTIONARY.slice(0, 20)],
  maxLength: 64 * 1024,
  timeoutMs: 20_000,
  seeds: () => readAll(seedFiles()),
  setup: () => initParser(),
  run: (input) => runPatchInput(input, inputHash(input) % 4 === 0),
};
