// Patch intake as maintainers' tools hand it over, generated as classes:
// - transfer encodings: every fixture mail, encoded (base64, quoted-printable) or
//   decoded under its original header as b4 pipes it, with `=` line ends and `=XX`
//   look-alikes mixed in, gives the same findings as the plain mail;
// - Patchwork JSON escapes: a finding after any mix of \t \" \\ \uXXXX (and
//   surrogate pairs) on its line lands exactly on the served text;
// - already applied: every fixture applied to its base is detected as such and
//   keeps its findings, by directory and by git ref;
// - a hunk inside a comment block without a base is not read as code;
// - --compare and two series in one mbox for the series-wide number check.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  analyzeSeries,
  groupSeries,
  readPatchText,
  type SeriesAnalysis,
} from '../../../src/core/patch/index';
import { LineIndex } from '../../../src/core/text/position';
import { main } from '../../../src/cli/main';

const ROOT = join(__dirname, '..', '..', '..');
const B4 = join(ROOT, 'test', 'fixtures', 'b4');
const TREE = join(ROOT, 'test', 'fixtures', 'kernel-tree');
const ABIS = ['x86_64', 'i386'];
const MAILS = ['pass.patch', 'fail.patch', 'claim13.patch'].map(
  (n) => [n, readFileSync(join(B4, n), 'utf8')] as const,
);
const tmp = mkdtempSync(join(tmpdir(), 'kpw-intake-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function findings(
  text: string,
  base?: string,
  label = 'mail',
): Promise<{ rows: string[]; analyses: SeriesAnalysis[]; notes: string[] }> {
  const read = readPatchText(text, label);
  const analyses: SeriesAnalysis[] = [];
  for (const s of groupSeries(read.mails)) analyses.push(await analyzeSeries(s, { base, abis: ABIS }));
  const mails = analyses.flatMap((a) => a.mails);
  const rows = mails
    .flatMap((m) =>
      m.findings.map((f) => `${f.diagnostic.code} ${f.path}:${f.postLine + 1} ${f.original.message}`),
    )
    .sort();
  const notes = [...read.diagnostics, ...mails.flatMap((m) => m.diagnostics)].map(
    (d) => `${d.code}: ${d.message}`,
  );
  return { rows, analyses, notes };
}

function split(mail: string): { head: string; body: string } {
  const at = mail.indexOf('\n\n');
  return { head: mail.slice(0, at), body: mail.slice(at + 2) };
}

function withHeaders(head: string, cte: string): string {
  const kept = head
    .split('\n')
    .filter((l) => !/^(content-transfer-encoding|content-type|mime-version):/i.test(l));
  return [
    ...kept,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    `Content-Transfer-Encoding: ${cte}`,
  ].join('\n');
}

function qpEncode(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let enc = Buffer.from(line, 'utf8')
      .toString('latin1')
      .replace(/[=\x80-\xff]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
      .replace(/[ \t]$/, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    while (enc.length > 76) {
      let cut = 75;
      while (enc[cut - 1] === '=' || enc[cut - 2] === '=') cut--;
      out.push(`${enc.slice(0, cut)}=`);
      enc = enc.slice(cut);
    }
    out.push(enc);
  }
  return out.join('\n');
}

/** Comment lines that look encoded, inserted into the patch's doc comment (an added line, counts kept). */
const NOISE = [
  ' * set flags =',
  ' * mask =3D 0x3D, as in a =3D b',
  ' * a long line of text that a mailer may well wrap, ending with an equals sign =',
];

function variants(mail: string): [string, string][] {
  const { head, body } = split(mail);
  const out: [string, string][] = [['plain', mail]];
  out.push([
    'base64',
    `${withHeaders(head, 'base64')}\n\n${Buffer.from(body, 'utf8').toString('base64').replace(/.{76}/g, '$&\n')}\n`,
  ]);
  out.push(['quoted-printable', `${withHeaders(head, 'quoted-printable')}\n\n${qpEncode(body)}`]);
  // What b4 pipes to a check command: the decoded body under the original header.
  out.push(['b4: decoded under base64', `${withHeaders(head, 'base64')}\n\n${body}`]);
  out.push(['b4: decoded under quoted-printable', `${withHeaders(head, 'quoted-printable')}\n\n${body}`]);
  return out;
}

/** The mail with one of its added ` * ...` comment lines replaced by `noise` (same line count). */
function withNoise(mail: string, noise: string): string | undefined {
  const lines = mail.split('\n');
  const at = lines.findIndex((l) => /^\+ \* \S/.test(l));
  if (at < 0) return undefined;
  lines[at] = `+${noise}`;
  return lines.join('\n');
}

for (const [name, mail] of MAILS) {
  test(`encodings: ${name} in every transfer encoding, and as b4 pipes it, gives the plain mail's findings`, async () => {
    const bases = [mail, ...NOISE.map((n) => withNoise(mail, n)).filter((m): m is string => m !== undefined)];
    for (const [k, source] of bases.entries()) {
      const want = await findings(source, TREE);
      for (const [how, text] of variants(source)) {
        const got = await findings(text, TREE);
        assert.deepEqual(got.rows, want.rows, `${name} #${k} ${how}`);
        assert.ok(
          !got.notes.some((n) => /truncated|invalid base64/.test(n)),
          `${name} #${k} ${how}: ${got.notes.join('; ')}`,
        );
      }
    }
  });
}

// Characters that Patchwork's JSON escapes (or may), before the finding on the same line.
const ESCAPED = ['\t', '"', '\\', '\u00e9', '\u{1F600}', '\u0001', '/'];

test('Patchwork JSON: a finding after any mix of escapes on its line lands exactly on the served text', async () => {
  let cases = 0;
  for (let mask = 1; mask < 1 << ESCAPED.length; mask += 7) {
    const chars = ESCAPED.filter((_, i) => mask & (1 << i));
    const comment = `/* ${chars.join(' ')} */`;
    const diff = `diff --git a/include/uapi/linux/x.h b/include/uapi/linux/x.h\n--- a/include/uapi/linux/x.h\n+++ b/include/uapi/linux/x.h\n@@ -0,0 +1,3 @@\n+struct x_s {\n+\t${comment} int member;\n+};\n`;
    for (const asciiOnly of [false, true]) {
      let raw = JSON.stringify({ id: 1, name: '[PATCH] x', msgid: '<x@y>', content: 'c', diff });
      if (asciiOnly)
        raw = raw.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      const read = readPatchText(raw, 'pw.json');
      const a = await analyzeSeries(groupSeries(read.mails)[0], { abis: ABIS });
      const f = a.mails[0].findings.find((x) => x.diagnostic.code === 'uapi-non-fixed-width-type');
      assert.ok(f, `${JSON.stringify(chars)}: a finding on 'int'`);
      const at = new LineIndex(raw).offsetAt(f.diagnostic.range.start);
      // The post-image text the finding names, found at the mapped place in the raw JSON.
      const post = a.mails[0].headers[0].post?.[f.postLine]?.text ?? '';
      const token = post.slice(f.original.range.start.character).match(/^\w+/)?.[0] ?? '';
      assert.ok(
        token.length > 2 && raw.startsWith(token, at),
        `${JSON.stringify(chars)} ascii=${asciiOnly}: column points at ${JSON.stringify(raw.slice(at, at + 12))}, not '${token}'`,
      );
      cases++;
    }
  }
  assert.ok(cases >= 30, `${cases} cases`);
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'T',
      GIT_AUTHOR_EMAIL: 't@e',
      GIT_COMMITTER_NAME: 'T',
      GIT_COMMITTER_EMAIL: 't@e',
    },
  });
}

test('already applied: each fixture applied to its base is said so, its findings kept, from a directory and from a git ref', async () => {
  for (const [name, mail] of MAILS) {
    const repo = join(tmp, `applied-${name}`);
    cpSync(TREE, repo, { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    const fresh = await findings(mail, repo);
    execFileSync('git', ['apply', '-'], { cwd: repo, input: mail });
    const again = await findings(mail, repo);
    assert.deepEqual(again.rows, fresh.rows, `${name}: the same findings on the tree as it is`);
    assert.ok(
      again.notes.some((n) =>
        n.startsWith('patch-already-applied: include/uapi/linux/vfio.h: already applied'),
      ),
      `${name}: ${again.notes.join('; ')}`,
    );
    assert.ok(
      !again.notes.some((n) => /patch-hunk-(failed|offset)/.test(n)),
      `${name}: ${again.notes.join('; ')}`,
    );
    // The fork point as a git ref: the patch applies forward, as on the clean tree.
    let out = '';
    const cwd = process.cwd();
    process.chdir(repo);
    try {
      await main(['patch', '--format', 'json', '--abi', ABIS.join(','), '--base', 'main', join(B4, name)], {
        stdout: (t) => (out += t),
        stderr: () => undefined,
      });
    } finally {
      process.chdir(cwd);
    }
    const codes = (JSON.parse(out) as { code: string }[])
      .map((d) => d.code)
      .filter((c) => !c.startsWith('patch-'))
      .sort();
    assert.deepEqual(codes, fresh.rows.map((r) => r.split(' ')[0]).sort(), `${name} --base main`);
  }
});

test('without a base: a hunk in the middle of a comment block is not read as code; an unknown __u32 names --base', async () => {
  const mail = `From: A <a@example.org>\nSubject: [PATCH] doc\n\n---\ndiff --git a/include/uapi/linux/v.h b/include/uapi/linux/v.h\n--- a/include/uapi/linux/v.h\n+++ b/include/uapi/linux/v.h\n@@ -10,5 +10,7 @@ struct v {\n  * The flags field says which of the\n  * following members are valid.\n+ * A new line in the middle of the\n+ * comment block, with a * star.\n  *\n  * More text.\n  */\n@@ -20,2 +22,5 @@ struct v {\n };\n+struct w {\n+\t__u32 extra;\n+};\n \n`;
  const got = await findings(mail);
  assert.ok(!got.rows.some((r) => r.startsWith('syntax-error')), got.rows.join('\n'));
  assert.ok(
    got.rows.some((r) => /unknown type name '__u32' \(without a base tree .*--base DIR or a git ref/.test(r)),
    got.rows.join('\n'),
  );
});

test('two series in one mbox, and --compare: one number claimed twice is an error on the inputs', async () => {
  const tph = readFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'patch', 'dma-buf-tph.patch'), 'utf8');
  const claim = readFileSync(join(B4, 'claim13.patch'), 'utf8');
  const run = async (args: string[]) => {
    let out = '';
    await main(['patch', '--format', 'json', '--abi', 'x86_64', '--base', TREE, ...args], {
      stdout: (t) => (out += t),
      stderr: () => undefined,
    });
    return (JSON.parse(out) as { code: string; file: string }[]).filter(
      (d) => d.code === 'feature-number-duplicate',
    );
  };
  const both = join(tmp, 'two-series.mbox');
  execFileSync('sh', [
    '-c',
    'cat "$1" "$2" > "$3"',
    'sh',
    join(ROOT, 'test/fixtures/cli/patch/dma-buf-tph.patch'),
    join(B4, 'claim13.patch'),
    both,
  ]);
  assert.equal((await run([both])).length, 2, 'reported on both series');
  assert.equal((await run([join(B4, 'claim13.patch')])).length, 0, 'alone, nothing to collide with');
  const compared = await run([
    '--compare',
    join(ROOT, 'test/fixtures/cli/patch/dma-buf-tph.patch'),
    join(B4, 'claim13.patch'),
  ]);
  assert.equal(compared.length, 1);
  assert.match(compared[0].file, /claim13\.patch$/);
  assert.ok(tph && claim);
});
