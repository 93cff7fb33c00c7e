// printFindings writes text and JSON in chunks (src/cli/findings-output.ts), kpw layout its text
// (src/cli/commands/layout.ts): the chunks, written one after another the way the CLI's stdout
// writes them, must be byte for byte the whole output as one string. Generated lists (0 to a few
// chunks of findings, messages with quotes, backslashes, newlines, control and non-ASCII
// characters), with and without a drain; the real process writing a generated header's findings
// to a file and to a slow pipe; a generated header's layouts against each type's on its own.

import assert from 'node:assert/strict';
import { test, after } from 'node:test';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Diagnostic } from '../../src/core/diag/diagnostic';
import { printFindings, type OutputFormat } from '../../src/cli/findings-output';
import { formatJson } from '../../src/cli/reporters/json';
import { formatDiagnostic } from '../../src/cli/reporters/diagnostics-text';
import type { CommandIo } from '../../src/cli/commands/command';
import { main } from '../../src/cli/main';

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['struct a', '"quoted"', 'back\\slash', 'line\nbreak', '\u001b[31m', 'ünï', '\t', '', ' '];

function findings(seed: number, count: number): Diagnostic[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  return Array.from({ length: count }, (_, i) => {
    const line = Math.floor(r() * 5000);
    const character = Math.floor(r() * 80);
    return {
      code: pick(['uapi-implicit-hole', 'uapi-trailing-padding', 'check-internal-error']),
      severity: pick(['error', 'warning', 'info', 'hint'] as const),
      file: pick(['/tmp/a.h', '/tmp/dir with space/b.h', '/tmp/new\nline.h']),
      range: { start: { line, character }, end: { line: line + (i % 3), character: character + 4 } },
      message: Array.from({ length: 1 + Math.floor(r() * 6) }, () => pick(PIECES)).join(' '),
    };
  });
}

/** What the CLI's stdout does with each write (src/cli/main.ts): a missing final newline is added. */
function capture(withDrain: boolean): { io: CommandIo; out: () => string; writes: () => number } {
  let out = '';
  let writes = 0;
  const io: CommandIo = {
    stdout: (t) => {
      writes++;
      out += t.endsWith('\n') ? t : `${t}\n`;
    },
    stderr: () => undefined,
    drain: withDrain ? () => new Promise((resolve) => setImmediate(resolve)) : undefined,
  };
  return { io, out: () => out, writes: () => writes };
}

const whole: Partial<Record<OutputFormat, (list: Diagnostic[]) => string>> = {
  text: (list) => (list.length ? `${list.map(formatDiagnostic).join('\n')}\n` : ''),
  json: (list) => `${formatJson(list)}\n`,
};

for (const format of ['text', 'json'] as const) {
  test(`${format} output in chunks is the whole output, byte for byte`, async () => {
    for (const [seed, count] of [
      [1, 0],
      [2, 1],
      [3, 255],
      [4, 256],
      [5, 257],
      [6, 512],
      [7, 700],
      [8, 1500],
    ]) {
      const list = findings(seed, count);
      for (const withDrain of [false, true]) {
        const c = capture(withDrain);
        await printFindings(format, list, [], c.io);
        assert.equal(c.out(), whole[format]?.(list), `seed ${seed}, ${count} findings`);
        if (count > 600) assert.ok(c.writes() > 1, 'long output goes out in more than one write');
      }
    }
  });
}

const root = join(__dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'kpw-chunks-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test(
  'kpw check writes the same bytes to a file and to a pipe read slowly',
  { timeout: 120_000 },
  async () => {
    const header = join(tmp, 'many.h');
    const body = Array.from({ length: 400 }, (_, i) => `struct gen_${i} {\n\t__u32 a;\n\t__u64 b;\n};\n`);
    writeFileSync(header, `#include <linux/types.h>\n${body.join('')}`);
    const args = [
      '--import',
      'tsx',
      join(root, 'src/cli/main.ts'),
      'check',
      '--uapi',
      '--abi',
      'x86_64,i386',
    ];
    for (const format of ['text', 'json']) {
      const toFile = join(tmp, `out.${format}`);
      spawnSync(process.execPath, [...args, '--format', format, header], {
        cwd: root,
        stdio: ['ignore', openSync(toFile, 'w'), 'inherit'],
      });
      const fileBytes = readFileSync(toFile);
      assert.ok(fileBytes.length > 64 * 1024, 'more output than one pipe buffer');
      // A slow reader: it pauses after every chunk it gets, so the writer must wait for it.
      const child = spawn(process.execPath, [...args, '--format', format, header], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => {
        chunks.push(b);
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 2);
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 1, 'findings: exit 1');
      assert.ok(Buffer.concat(chunks).equals(fileBytes), `${format}: pipe output equals file output`);
    }
  },
);

test('kpw layout in chunks: the blocks of each type on its own, joined', async () => {
  // More records than one chunk (CHUNK_RECORDS, 128), some differing between the two ABIs.
  const header = join(tmp, 'layout-many.h');
  const names = Array.from({ length: 140 }, (_, i) => `lay_${i}`);
  const body = names.map((n, i) => `struct ${n} {\n\tint a;\n\t${i % 3 ? 'long' : 'char'} b;\n};\n`);
  writeFileSync(header, body.join(''));
  const run = async (args: string[]) => {
    const c = capture(true);
    const code = await main(['layout', '--abi', 'x86_64,i386', header, ...args], c.io);
    assert.equal(code, 0);
    return c;
  };
  const whole = await run([]);
  assert.ok(whole.writes() > 1, 'written in more than one piece');
  const one: string[] = [];
  for (const name of names) one.push((await run(['--', name])).out().replace(/\n$/, ''));
  assert.equal(whole.out(), `${one.join('\n')}\n`);
});
