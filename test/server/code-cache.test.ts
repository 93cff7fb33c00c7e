// The server's V8 code cache (server/src/launch): dist/server.js started as VS Code
// starts it writes its cache once after the first diagnostics, a second start uses it
// without rewriting it, and a damaged cache of any shape (generated below) is only a slower
// start: the server still publishes the same diagnostics and replaces the file; older
// bundles' caches are removed.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';

const root = join(__dirname, '..', '..');
const launcher = join(root, 'dist', 'server.js');
const bundle = join(root, 'dist', 'server-bundle.js');
const holes = join(__dirname, '..', 'fixtures', 'server', 'holes.h');

/** Starts dist/server.js with its cache in `dir`, opens holes.h, returns the diagnostics' codes. */
async function firstDiagnostics(dir: string): Promise<string[]> {
  const child = spawn(process.execPath, [launcher, '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, KPW_CACHE_DIR: dir, KPW_NO_CODE_CACHE: '' },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const client = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const uri = pathToFileURL(holes).toString();
  const published = new Promise<PublishDiagnosticsParams>((resolve) =>
    client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri === uri) resolve(p);
    }),
  );
  client.listen();
  await client.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await client.sendNotification('initialized', {});
  await client.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'c', version: 1, text: readFileSync(holes, 'utf8') },
  });
  const codes = (await published).diagnostics.map((d) => `${d.range.start.line}:${String(d.code)}`);
  await client.sendRequest('shutdown');
  await client.sendNotification('exit');
  await exited; // the cache is written at the latest at exit
  client.dispose();
  return codes;
}

function cacheFiles(dir: string): string[] {
  const sub = join(dir, 'code-cache');
  return existsSync(sub) ? readdirSync(sub).map((f) => join(sub, f)) : [];
}

/** Damaged caches: empty, truncated, flipped bytes, foreign data, a directory's worth of zeros. */
function* damaged(good: Buffer): Generator<[string, Buffer]> {
  yield ['empty', Buffer.alloc(0)];
  for (const n of [1, 16, good.length >> 1, good.length - 1]) yield [`first ${n} bytes`, good.subarray(0, n)];
  for (const at of [0, 8, 64, good.length >> 1, good.length - 1]) {
    const flipped = Buffer.from(good);
    flipped[at] ^= 0xff;
    yield [`byte ${at} flipped`, flipped];
  }
  yield ['text', Buffer.from('not a code cache\n')];
  yield ['zeros', Buffer.alloc(good.length)];
}

describe(
  'the server code cache',
  { skip: existsSync(bundle) ? false : 'dist/server-bundle.js missing: run node esbuild.mjs' },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpw-code-cache-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    let expected: string[] = [];

    test('the first start writes one cache; the second reads it and leaves it alone', async () => {
      expected = await firstDiagnostics(dir);
      assert.ok(expected.length > 0, 'holes.h has findings, so the comparison below means something');
      const [file, ...rest] = cacheFiles(dir);
      assert.ok(file, 'a cache file was written');
      assert.deepEqual(rest, []);
      const written = statSync(file).mtimeMs;
      assert.deepEqual(await firstDiagnostics(dir), expected);
      assert.deepEqual(cacheFiles(dir), [file]);
      assert.equal(statSync(file).mtimeMs, written, 'an accepted cache is not rewritten');
    });

    test('a damaged cache changes nothing but the start time, and is replaced', async () => {
      const [file] = cacheFiles(dir);
      assert.ok(file, 'the previous test left a cache');
      const good = readFileSync(file);
      for (const [what, bytes] of damaged(good)) {
        writeFileSync(file, bytes);
        assert.deepEqual(await firstDiagnostics(dir), expected, what);
        assert.ok(!readFileSync(file).equals(bytes), `${what}: the cache was written again`);
      }
    });

    test("writing a cache removes older bundles' caches with the same flags, not other flags'", async () => {
      const [file] = cacheFiles(dir);
      assert.ok(file, 'the previous tests left a cache');
      const flags = file.slice(file.lastIndexOf('-'));
      const older = join(dir, 'code-cache', `server-v0.0.0-x64-1-2${flags}`);
      const otherFlags = join(dir, 'code-cache', 'server-v0.0.0-x64-1-2-00000000.bin');
      writeFileSync(older, 'old');
      writeFileSync(otherFlags, 'debug');
      writeFileSync(file, ''); // unusable: this start writes a cache
      assert.deepEqual(await firstDiagnostics(dir), expected);
      assert.deepEqual(cacheFiles(dir).sort(), [file, otherFlags].sort());
    });
  },
);
