// Generators of the hostile input shapes of issue 15 (memory, time and wrong
// answers): deep macro chains, headers on one line, blank-line / quoted-printable /
// folded-header mails, mails with many diff sections, line-ending variants. Shared by
// the answer tests, the resource-budget test, the fuzz mutators and the bench.

const MAIL_HEAD =
  'From 1234 Mon Sep 17 00:00:00 2001\nFrom: A <a@example.org>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nSubject: [PATCH] x\n';

const SMALL_PATCH =
  'diff --git a/include/uapi/linux/x.h b/include/uapi/linux/x.h\n--- a/include/uapi/linux/x.h\n' +
  '+++ b/include/uapi/linux/x.h\n@@ -1,1 +1,2 @@\n struct x {\n+\t__u8 version;\n';

/** `#define D_i (i + D_{i-1} * 0)` n deep and a struct using D_n. */
export function deepMacroChain(n: number): string {
  const out = ['#define D_0 0'];
  for (let i = 1; i <= n; i++) out.push(`#define D_${i} (${i} + D_${i - 1} * 0)`);
  out.push(`struct deep { int a[D_${n} + 1]; };`);
  return `${out.join('\n')}\n`;
}

/** n structs with a doc comment each, all on one line (or one per line). */
export function structHeader(n: number, oneLine: boolean): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++)
    parts.push(`/* doc ${i} */ struct s${i} { unsigned int a; unsigned long long b; char c[3]; };`);
  return `${parts.join(oneLine ? ' ' : '\n')}\n`;
}

/** A mail whose body starts with `lines` blank lines before a small patch. */
export function blankLineMail(lines: number): string {
  return `${MAIL_HEAD}\n${'\n'.repeat(lines)}---\n${SMALL_PATCH}`;
}

/** A quoted-printable mail whose body is `lines` soft line breaks. */
export function softBreakMail(lines: number): string {
  const mime =
    'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n';
  return `${MAIL_HEAD}${mime}\n${'=\n'.repeat(lines)}---\n${SMALL_PATCH}`;
}

/** A mail with one header folded over `lines` continuation lines. */
export function foldedHeaderMail(lines: number): string {
  return `${MAIL_HEAD}X-Long: a\n${' b\n'.repeat(lines)}\n---\n${SMALL_PATCH}`;
}

/** One mail with `sections` diff sections, each adding a struct to the same header. */
export function manySectionMail(sections: number): string {
  const parts: string[] = [];
  for (let i = 0; i < sections; i++) {
    parts.push(
      'diff --git a/include/uapi/linux/x.h b/include/uapi/linux/x.h\n--- a/include/uapi/linux/x.h\n' +
        `+++ b/include/uapi/linux/x.h\n@@ -0,0 +1,1 @@\n+struct x${i} { __u32 a; };\n`,
    );
  }
  return `${MAIL_HEAD}\n---\n${parts.join('')}`;
}

/** The same LF text with the line endings and byte order marks gcc accepts. */
export function lineEndingVariants(lf: string): { name: string; text: string }[] {
  return [
    { name: 'lf', text: lf },
    { name: 'crlf', text: lf.replace(/\n/g, '\r\n') },
    { name: 'cr', text: lf.replace(/\n/g, '\r') },
    { name: 'bom-lf', text: `\ufeff${lf}` },
    { name: 'bom-cr', text: `\ufeff${lf.replace(/\n/g, '\r')}` },
  ];
}

/** A path quoted as git quotes it (core.quotePath): non-ASCII bytes and controls as octal. */
export function gitQuote(path: string): string {
  let out = '';
  for (const byte of Buffer.from(path, 'utf8')) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `"${out}"`;
}
