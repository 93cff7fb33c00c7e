// One answer for C sources: `kpw check --format json FILE.c` and the language server (whose C
// checks run in a worker thread, server/src/c-worker) publish the same findings (code, line,
// column, message) for every C fixture under test/fixtures and for the generated slow C shapes
// (test/fuzz/gen/slow-c-sources.ts) with a UAPI header that gives their structs holes.

import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { ALL_ABI_NAMES } from '../../src/core/abi/index';
import { main } from '../../src/cli/main';
import { slowCSources } from '../fuzz/gen/slow-c-sources';
import { LspSession } from './helpers/lsp-session';

const FIXTURES = resolve(__dirname, '..', 'fixtures');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const full = join(dir, n);
      return statSync(full).isDirectory() ? walk(full) : full.endsWith('.c') ? [full] : [];
    });
}

/** A fixture's include/ directory next to it (checks fixtures); kernel-tree files find their tree's. */
const includeOf = (file: string): string[] => {
  const inc = join(dirname(file), 'include');
  return existsSync(inc) ? [inc] : [];
};

const key = (file: string, line: number, column: number, code: string, message: string): string =>
  `${file}:${line}:${column}: [${code}] ${message}`;

async function cli(file: string, includeDirs: string[]): Promise<string[]> {
  const out: string[] = [];
  const args = ['check', '--format', 'json', '--abi', 'all', ...includeDirs.flatMap((d) => ['-I', d]), file];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: () => undefined });
  assert.ok(code <= 1, `kpw exited ${code} on ${file}`);
  const list = JSON.parse(out.join('\n') || '[]') as {
    code: string;
    file: string;
    line: number;
    column: number;
    message: string;
  }[];
  return list
    .filter((f) => resolve(f.file) === file)
    .map((f) => key(file, f.line, f.column, f.code, f.message))
    .sort();
}

async function server(session: LspSession, file: string, text: string): Promise<string[]> {
  const uri = pathToFileURL(file).toString();
  await session.client.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'c', version: 1, text },
  });
  const diags = await session.diagnostics(uri, 1);
  await session.closeDocument(uri);
  return diags
    .map((d) =>
      key(file, d.range.start.line + 1, d.range.start.character + 1, String(d.code), String(d.message)),
    )
    .sort();
}

/** Findings compared, to prove the comparison was not over empty lists. */
const compared: string[] = [];

async function agree(files: string[], includeDirs: string[]): Promise<void> {
  const session = await LspSession.start({ settings: { abis: [...ALL_ABI_NAMES], includeDirs } });
  try {
    for (const file of files) {
      const fromCli = await cli(file, includeDirs);
      assert.deepEqual(await server(session, file, readFileSync(file, 'utf8')), fromCli, file);
      compared.push(...fromCli);
    }
  } finally {
    await session.close();
  }
}

describe('kpw check and the language server report the same findings on C sources', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'kpw-c-faces-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const fixtures = walk(FIXTURES);
  const groups = new Map<string, string[]>();
  for (const f of fixtures) {
    const inc = includeOf(f).join(':');
    groups.set(inc, [...(groups.get(inc) ?? []), f]);
  }

  test('there are C fixtures to compare', () => assert.ok(fixtures.length >= 20, `${fixtures.length}`));

  for (const [inc, files] of groups)
    test(`C fixtures with -I ${inc ? inc.slice(FIXTURES.length + 1) : '(their kernel tree)'}`, () =>
      agree(files, inc ? [inc] : []));

  test('generated slow C shapes including a UAPI header whose structs have holes', async () => {
    const inc = join(dir, 'include');
    mkdirSync(join(inc, 'linux'), { recursive: true });
    const structs = Array.from(
      { length: 7 },
      (_, k) => `struct drv_info_${k} { __u32 argsz; __u8 flags; __u64 value; };`,
    );
    writeFileSync(join(inc, 'linux', 'drv.h'), `#include <linux/types.h>\n${structs.join('\n')}\n`);
    const files = slowCSources(1).map((s) => {
      const file = join(dir, `${s.name}.c`);
      writeFileSync(file, `#include <linux/drv.h>\n${s.text}`);
      return file;
    });
    const before = compared.length;
    await agree(files, [inc]);
    assert.ok(compared.length - before >= 100, `${compared.length - before} findings on the shapes`);
  });

  test('the fixtures gave findings to compare', () => assert.ok(compared.length >= 20, `${compared.length}`));
});
