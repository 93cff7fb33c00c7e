// The promise of docs/ARCHITECTURE.md made executable: `kpw check --format json`
// (and `kpw patch` for patch inputs) and the in-process language server report
// the same findings (code, file, line, column, message) on every check fixture,
// every patch fixture and test/fixtures/faces, because both enter src/core/api.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { ALL_ABI_NAMES } from '../../src/core/abi/index';
import { main } from '../../src/cli/main';
import { isKnownCode } from '../../src/core/diag/codes';
import { LspSession } from './helpers/lsp-session';

const FIXTURES = resolve(__dirname, '..', 'fixtures');
const HEADER_DIRS = ['checks', 'faces'];
const PATCH_DIRS = ['patch', 'cli/patch', 'server/patch'];
const PATCH_EXT = /\.(patch|mbox|eml|diff)$/;
const INCLUDE = '/usr/include';

function walk(dir: string, keep: (f: string) => boolean): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const full = join(dir, n);
      return statSync(full).isDirectory() ? walk(full, keep) : keep(full) ? [full] : [];
    });
}

const headers = HEADER_DIRS.flatMap((d) => walk(join(FIXTURES, d), (f) => f.endsWith('.h')));
const patches = PATCH_DIRS.flatMap((d) => walk(join(FIXTURES, d), (f) => PATCH_EXT.test(f)));

/** One finding as both faces can state it: 1-based line and column, an absolute path. */
type Finding = string;
const key = (code: string, file: string, line: number, column: number, message: string): Finding =>
  `${file}:${line}:${column}: [${code}] ${message}`;
/** Every finding compared, to prove the comparison was not over empty lists. */
const compared: Finding[] = [];

async function cli(args: string[], file: string): Promise<Finding[]> {
  const out: string[] = [];
  const code = await main([...args, '--format', 'json', '--abi', 'all', '-I', INCLUDE, file], {
    stdout: (t) => out.push(t),
    stderr: () => undefined,
  });
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
    .map((f) => key(f.code, file, f.line, f.column, f.message))
    .sort();
}

async function server(session: LspSession, file: string, languageId: string): Promise<Finding[]> {
  const uri = pathToFileURL(file).toString();
  await session.client.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId, version: 1, text: readFileSync(file, 'utf8') },
  });
  const diags = await session.diagnostics(uri, 1);
  await session.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const path = fileURLToPath(uri);
  return diags
    .map((d) =>
      key(String(d.code), path, d.range.start.line + 1, d.range.start.character + 1, String(d.message)),
    )
    .sort();
}

describe('kpw and the language server report the same findings', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start({
      settings: { abis: [...ALL_ABI_NAMES], includeDirs: [INCLUDE], checks: { forceUapi: true } },
    });
  });
  after(() => session.close());

  test('there are fixtures to compare (a suite over nothing tests nothing)', () => {
    assert.ok(headers.length >= 20, `${headers.length} header fixtures`);
    assert.ok(patches.length >= 10, `${patches.length} patch fixtures`);
  });

  for (const file of headers) {
    test(`header ${file.slice(FIXTURES.length + 1)}`, async () => {
      const fromCli = await cli(['check', '--uapi'], file);
      const fromServer = await server(session, file, 'c');
      assert.deepEqual(fromServer, fromCli);
      compared.push(...fromCli);
    });
  }

  for (const file of patches) {
    test(`patch ${file.slice(FIXTURES.length + 1)}`, async () => {
      const fromCli = await cli(['patch'], file);
      const fromServer = await server(session, file, 'kernel-patch');
      assert.deepEqual(fromServer, fromCli);
      compared.push(...fromCli);
    });
  }

  test('a problem only one ABI has is reported once, naming that ABI, by both faces', async () => {
    const file = join(FIXTURES, 'faces', 'abi-only-error.h');
    const fromCli = await cli(['check', '--uapi'], file);
    const errors = fromCli.filter((f) => f.includes('[preprocessor-error]'));
    assert.deepEqual(
      errors.map((f) => f.replace(/^.*\] /, '')),
      ['#error not supported here [i386]'],
    );
    assert.deepEqual(await server(session, file, 'c'), fromCli);
  });

  test('the fixtures gave findings to compare, all with codes from the one registry (diag/codes.ts)', () => {
    assert.ok(compared.length >= 20, `${compared.length} findings compared`);
    const codes = new Set(compared.map((f) => /\[([a-z0-9-]+)\]/.exec(f)?.[1] ?? '?'));
    assert.deepEqual(
      [...codes].filter((c) => !isKnownCode(c)),
      [],
    );
  });
});
