// Issue 15, "wrong answers without a word" and the shapes that were quadratic: each
// case is generated from a class (line-ending variants, alignments around gcc's
// maximum, git-quoted names, mangled hunk headers, control characters, definitions
// without ';') and checked through the same CLI entry users run.

import assert from 'node:assert/strict';
import { test, after } from 'node:test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main';
import { parseDiff } from '../../src/core/patch/diff-parse';
import { lastStatePerFile } from '../../src/core/patch/analyze';
import { readMailText, MAX_INPUT_LINES } from '../../src/core/patch/read-mail';
import { parseScenario } from '../../src/core/sim/scenario';
import { loadUapi, MAX_RECORD_BYTES } from '../../src/core/sim/uapi';
import { unitBudgetError, MAX_UNIT_BYTES_X_ABIS } from '../../src/core/model/unit-budget';
import { deepMacroChain, gitQuote, lineEndingVariants, structHeader } from './hostile-inputs';

const tmp = mkdtempSync(join(tmpdir(), 'kpw-hostile-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let serial = 0;

function file(name: string, text: string): string {
  const dir = join(tmp, String(serial++));
  mkdirSync(dir, { recursive: true });
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function kpw(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += `${t}\n`), stderr: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

async function layoutJson(path: string, ...extra: string[]): Promise<Record<string, { size: number }>> {
  const r = await kpw('layout', '--json', ...extra, path);
  return JSON.parse(r.out).types;
}

test('#pragma pack(push, N) left open by an included header carries into the includer (gcc)', async () => {
  for (const n of [1, 2, 4]) {
    const dir = join(tmp, `pack${n}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'open.h'), `#pragma pack(push, ${n})\n`);
    writeFileSync(
      join(dir, 'main.h'),
      '#include "open.h"\nstruct p { char c; int i; };\n#pragma pack(pop)\nstruct q { char c; int i; };\n',
    );
    const types = await layoutJson(join(dir, 'main.h'));
    assert.equal(types.p.size, n + 4, `pack(${n})`);
    assert.equal(types.q.size, 8, 'pop in the includer restores the default');
  }
});

test('an enumerator past the 64-bit range is an error, as gcc has it', async () => {
  for (const body of ['E0 = 0xffffffffffffffff, E1', 'E0 = 18446744073709551615, E1, E2']) {
    const r = await kpw('check', '--abi', 'x86_64', file('e.h', `enum e { ${body} };\n`));
    assert.match(r.out + r.err, /overflow in enumeration values at 'E1'.*\[constant-expression\]/);
  }
  const ok = await kpw('check', '--abi', 'x86_64', file('e.h', 'enum e { E0 = 0x7fffffffffffffff, E1 };\n'));
  assert.doesNotMatch(ok.out + ok.err, /overflow/, 'an unsigned long value is fine');
});

test('CR-only, CRLF and BOM variants of a header lay out like the LF one', async () => {
  const lf = '#include "t.h"\n// c\nstruct v {\n\tmy_u32 a;\n\tunsigned long long b;\n};\n';
  for (const v of lineEndingVariants(lf)) {
    const dir = join(tmp, `eol-${v.name}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 't.h'), 'typedef unsigned int my_u32;\n');
    writeFileSync(join(dir, 'v.h'), v.text);
    const r = await kpw('layout', '--json', join(dir, 'v.h'));
    assert.equal(r.err, '', `${v.name}: ${r.err}`);
    assert.equal(JSON.parse(r.out).types.v.size, 16, v.name);
  }
});

test('aligned(2^k) above gcc maximum (2^28) says so; up to it no diagnostic', async () => {
  for (let k = 0; k <= 31; k++) {
    const r = await kpw('layout', file('a.h', `struct al { int a; } __attribute__((aligned(1 << ${k})));\n`));
    if (k <= 28) assert.doesNotMatch(r.err, /alignment/, `2^${k}`);
    else if (k <= 30)
      assert.match(r.err, new RegExp(`requested alignment ${2 ** k} exceeds maximum 268435456`), `2^${k}`);
    // 1 << 31 overflows int: gcc says -2147483648 is not a positive power of 2.
    else assert.match(r.err, /requested alignment -2147483648 is not a positive power of two/, `2^${k}`);
  }
});

test('#include_next in a header reached by path searches on (no false cycle)', async () => {
  const d1 = join(tmp, 'inx/d1');
  const d2 = join(tmp, 'inx/d2');
  mkdirSync(d1, { recursive: true });
  mkdirSync(d2, { recursive: true });
  writeFileSync(join(d1, 'foo.h'), '#include_next <foo.h>\nstruct a { int x; };\n');
  writeFileSync(join(d2, 'foo.h'), 'struct b { long y; };\n');
  const r = await kpw('layout', '-I', d1, '-I', d2, join(d1, 'foo.h'), '--', 'b');
  assert.doesNotMatch(r.err, /cycle/);
  assert.match(r.out, /struct b/);
});

test('a definition without ; at the end of the input is an error (gcc rejects it)', async () => {
  for (const kind of ['struct s { int a; }', 'union u { int a; }', 'enum e { A }']) {
    for (const tail of ['', '\n', '\n/* trailing comment */\n', '\n\n\n']) {
      const r = await kpw('check', '--abi', 'x86_64', file('s.h', kind + tail));
      assert.match(
        r.out + r.err,
        /expected ';' after the definition of .*found end of input \[syntax-error\]/,
        JSON.stringify(kind + tail),
      );
    }
  }
  const ok = await kpw('check', '--abi', 'x86_64', file('s.h', 'struct s { int a; };\n'));
  assert.doesNotMatch(ok.out + ok.err, /expected ';'/);
});

test('git-quoted file names decode as git writes them', () => {
  for (const name of [
    'include/uapi/linux/x\u00e4.h',
    'a b/\u00fcber "q".h',
    'tab\there.h',
    'back\\slash.h',
    '\u65e5\u672c.h',
  ]) {
    const q = gitQuote(`b/${name}`);
    const text = `diff --git ${gitQuote(`a/${name}`)} ${q}\n--- ${gitQuote(`a/${name}`)}\n+++ ${q}\n@@ -1 +1 @@\n-x\n+y\n`;
    const lines = text.split('\n').map((t, i) => ({ text: t, origin: { line: i, character: 0 } }));
    const diff = parseDiff(lines, 'q.patch');
    assert.equal(diff.files[0]?.newPath, name);
    assert.equal(diff.files[0]?.oldPath, name);
  }
});

test('malformed hunk headers are a corrupt patch (git apply), never dropped silently', async () => {
  for (const header of ['@@ --1 +1 @@', '@@ -1 +1', '@@ -a,b +c @@', '@@ -1,2 +1,2 @ @', '@@@ -1 +1 @@@']) {
    const mail = `From 1 Mon Sep 17 00:00:00 2001\nFrom: A <a@b.c>\nSubject: [PATCH] c\n\n---\ndiff --git a/include/uapi/linux/y.h b/include/uapi/linux/y.h\n--- a/include/uapi/linux/y.h\n+++ b/include/uapi/linux/y.h\n${header}\n-struct y {\n+struct y { int a;\n`;
    const r = await kpw('check', file('c.mbox', mail));
    assert.notEqual(r.code, 0, header);
    assert.match(r.out + r.err, /corrupt patch: malformed hunk header/, header);
  }
});

test('control characters from a patch never reach the terminal raw', async () => {
  for (const ctl of ['\u001b]0;pwned\u0007', '\u001b[2J', '\u009b31m', '\r', '\u007f', '\u0008']) {
    const mail = `From 1 Mon Sep 17 00:00:00 2001\nFrom: A <a@b.c>\nSubject: [PATCH] e\n\n---\ndiff --git a/include/uapi/linux/e.h b/include/uapi/linux/e.h\nnew file mode 100644\n--- /dev/null\n+++ b/include/uapi/linux/e.h\n@@ -0,0 +1,3 @@\n+struct e {\n+\tint ${ctl}a;\n+};\n`;
    const r = await kpw('check', file('e.mbox', mail));
    assert.doesNotMatch(r.out + r.err, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, JSON.stringify(ctl));
  }
});

test('fh/fid wider than 32 bits are scenario errors, not shown as 0', () => {
  for (const [key, where] of [
    ['fh', 'device'],
    ['fid', 'device'],
    ['fh', 'event'],
    ['fid', 'event'],
  ] as const) {
    const step = where === 'device' ? { op: 'open' } : { op: 'event', [key]: '0x100000001' };
    const device =
      where === 'device'
        ? { name: 'zpci0', zpci: true, [key]: '0x100000001' }
        : { name: 'zpci0', zpci: true };
    const r = parseScenario(JSON.stringify({ devices: [device], steps: [step] }), 's.json');
    assert.equal(r.ok, false, `${where}.${key}`);
    assert.match(JSON.stringify(r), /32-bit value; 0x100000001 does not fit/);
  }
});

test('a deep macro chain is answered (with the reason when too deep), in linear memory', async () => {
  const r = await kpw('layout', file('deep.h', deepMacroChain(3000)));
  assert.match(r.err, /nested too deeply \(more than 256 levels\)/);
  const shallow = await layoutJson(file('d.h', deepMacroChain(100)));
  assert.equal(shallow.deep.size, 4 * (100 + 1));
});

test('one mail touching one header in many sections is analysed once per header', () => {
  const images = Array.from({ length: 500 }, (_, i) => ({
    path: 'x.h',
    absPath: '/r/x.h',
    partial: true,
    pre: [],
    post: [{ text: `struct x${i} {};` }],
  }));
  const merged = lastStatePerFile(images, 'hunks');
  assert.equal(merged.length, 1);
  assert.equal(merged[0].post?.filter((l) => l.text).length, 500);
  assert.equal(lastStatePerFile(images, 'base')[0].post?.[0].text, 'struct x499 {};');
});

test('limits are errors naming the limit: lines of a patch input, preprocessed text x ABIs', async () => {
  const many = readMailText('\n'.repeat(MAX_INPUT_LINES + 1), 'big.mbox');
  assert.equal(many.mails.length, 0);
  assert.match(many.diagnostics[0].message, /more than 1000000 lines/);
  assert.equal(unitBudgetError('h', MAX_UNIT_BYTES_X_ABIS, 1), undefined);
  assert.ok(unitBudgetError('h', Math.floor(MAX_UNIT_BYTES_X_ABIS / 7) + 1, 7));
  const big = file('big.h', structHeader(9000, true));
  const r = await kpw('check', big);
  assert.equal(r.code, 3);
  assert.match(r.out + r.err, /the limit on 7 ABIs .*\[file-too-large\]/);
  const one = await kpw('check', '--abi', 'x86_64', big);
  assert.doesNotMatch(one.out + one.err, /file-too-large/, 'one ABI fits the budget');
});

test('the simulator refuses a record larger than its limit instead of allocating it', async () => {
  const fixture = join(__dirname, '../fixtures/server/sim/v13/linux/vfio.h');
  const original = readFileSync(fixture, 'utf8');
  for (const bytes of [MAX_RECORD_BYTES + 1, 1 << 28]) {
    const header = file(
      'vfio.h',
      original.replace(
        'struct vfio_device_feature_zpci_err {',
        `struct vfio_device_feature_zpci_err {\n\t__u8 huge[${bytes}];`,
      ),
    );
    const r = await loadUapi({ header, includeDirs: [join(__dirname, '../fixtures/server/sim/v13')] });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /the simulator handles records of at most 65536 bytes/);
  }
  const fits = await loadUapi({
    header: fixture,
    includeDirs: [join(__dirname, '../fixtures/server/sim/v13')],
  });
  assert.ok(fits.ok, fits.ok ? '' : fits.error);
});
