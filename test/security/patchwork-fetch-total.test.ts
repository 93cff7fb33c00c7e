// Issue 15, class 4 for Patchwork fetches: each answer was capped, but not their sum, so a
// series of 500 patches whose every answer was large was held at once (a 100,000-entry listing
// returned for every patch: 1.24 GB at the 90 s deadline). Generated series (patch count x
// answer size x content encoding x what fills the answer) must stop at the total with an error
// naming it, never read far past it, and fetch everything when under it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { fetchPatchworkRef } from '../../src/core/patch/index';

let server: Server;
let root = '';
let count = 0;
let size = 0;
let gzip = false;
let fill: 'diff' | 'listing' = 'diff';

function patchBody(id: number): string {
  const head = `diff --git a/x${id}.txt b/x${id}.txt\n--- a/x${id}.txt\n+++ b/x${id}.txt\n@@ -1 +1,2 @@\n a\n`;
  if (fill === 'diff') {
    const line = '+' + 'y'.repeat(63) + '\n';
    const diff =
      head.replace('+1,2', `+1,${1 + Math.floor(size / line.length)}`) + line.repeat(size / line.length);
    return JSON.stringify({ id, name: `[PATCH ${id}] p`, msgid: `<p${id}@x>`, content: 'c', diff });
  }
  // A patch answer carrying a huge series listing (held as parsed objects, not only as text).
  const patches = Array.from({ length: Math.floor(size / 60) }, (_, i) => ({ id: i + 1, name: `n${i}` }));
  return JSON.stringify({
    id,
    name: `p${id}`,
    msgid: `<p${id}@x>`,
    diff: head + '+b\n',
    series: [{ id: 1, patches }],
  });
}

before(async () => {
  server = createServer((q, r) => {
    const url = new URL(q.url ?? '/', root);
    let body: string;
    if (url.pathname === '/api/series/1/')
      body = JSON.stringify({
        id: 1,
        name: 's',
        total: count,
        received_total: count,
        patches: Array.from({ length: count }, (_, i) => ({
          id: i + 1,
          name: `[PATCH ${i + 1}/${count}] p`,
        })),
      });
    else body = patchBody(Number(/patches\/(\d+)/.exec(url.pathname)?.[1] ?? 0));
    let bytes: Buffer = Buffer.from(body);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (gzip) {
      bytes = gzipSync(bytes);
      headers['Content-Encoding'] = 'gzip';
    }
    r.writeHead(200, headers);
    r.end(bytes);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const a = server.address();
  root = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const MAX = 1 << 20;

test('generated series: the answers of one fetch together stop at the total, with an error naming it', async () => {
  let cases = 0;
  for (const n of [3, 12, 40])
    for (const each of [16 * 1024, 96 * 1024, 300 * 1024])
      for (const enc of [false, true])
        for (const what of ['diff', 'listing'] as const) {
          count = n;
          size = each;
          gzip = enc;
          fill = what;
          const r = await fetchPatchworkRef('series:1', { url: root, maxTotalBytes: MAX });
          const label = `${n} patches x ${each} bytes (${what}${enc ? ', gzip' : ''})`;
          const over = r.diagnostics.filter((d) => /total (more than )?(the )?1048576/.test(d.message));
          // Roughly what the whole series takes once decoded (the JSON of each answer).
          const whole = n * patchBody(1).length;
          if (whole <= MAX * 0.8) {
            assert.equal(over.length, 0, `${label}: ${JSON.stringify(over[0])}`);
            assert.equal(r.mails.length, n, label);
          } else if (whole < MAX * 1.2) {
            // Near the total either is right, but an error and a full series never come together.
            assert.equal(over.length > 0, r.mails.length < n, label);
          } else {
            assert.ok(over.length > 0, `${label}: no error naming the total`);
            assert.ok(r.mails.length < n, `${label}: all ${n} fetched past the total`);
          }
          cases++;
        }
  assert.equal(cases, 36);
});
