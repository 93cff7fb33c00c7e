// The Patchwork client against a real HTTP server on 127.0.0.1 answering in
// the API's shape: the seed patch object, a series, `?msgid=` lists paginated
// with Link headers, token checks, 404/500, invalid JSON, HTML and a stall.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PatchworkClient, fetchPatchworkRef, nextLink } from '../../../src/core/patch/index';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'patch');
const page = readFileSync(join(fixtures, 'patchwork-api-2222859.txt'), 'utf8');
const patchJson = page.slice(page.indexOf('\n{') + 1);
const seriesJson = readFileSync(join(fixtures, 'series-499754.json'), 'utf8');
let server: Server;
let root = '';
const seen: { url: string; auth?: string }[] = [];

function json(res: ServerResponse, status: number, body: string, link?: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...(link ? { Link: link } : {}) });
  res.end(body);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', root);
  seen.push({ url: url.pathname + url.search, auth: req.headers.authorization });
  const p = url.pathname;
  if (p === '/api/patches/2222859/') return json(res, 200, patchJson);
  if (p === '/api/series/499754/') return json(res, 200, seriesJson);
  if (p === '/api/patches/2222855/')
    return json(
      res,
      200,
      JSON.stringify({
        id: 2222855,
        name: '[v13,1/7] PCI: Allow per function PCI slots',
        msgid: '<x-2@y>',
        series: [{ id: 499754, version: 13 }],
        content: 'c',
        diff: 'diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-a\n+b\n',
      }),
    );
  if (
    p === '/api/patches/' &&
    url.searchParams.get('msgid') === '20260413210608.2912-6-alifm@linux.ibm.com'
  ) {
    // Page 1 is empty-handed on purpose: the hit is on page 2, reached through the Link header.
    if (url.searchParams.get('page') !== '2')
      return json(
        res,
        200,
        '[]',
        `<${root}/api/patches/?msgid=${url.searchParams.get('msgid')}&page=2>; rel="next"`,
      );
    return json(
      res,
      200,
      JSON.stringify([
        { id: 2222859, msgid: '<20260413210608.2912-6-alifm@linux.ibm.com>', series: [{ id: 499754 }] },
      ]),
      `<${root}/api/patches/?page=1>; rel="prev"`,
    );
  }
  if (p === '/api/loop/') return json(res, 200, '[{"id": 1}]', `<${root}/api/loop/>; rel="next"`);
  if (p === '/api/private/')
    return req.headers.authorization === 'Token s3cret'
      ? json(res, 200, '{"ok": true}')
      : json(res, 403, '{"detail": "Authentication credentials were not provided."}');
  if (p === '/api/boom/') return json(res, 500, 'oops');
  if (p === '/api/bad-json/') return json(res, 200, '{"id": 1,');
  if (p === '/api/html/') {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    return void res.end('<html>login</html>');
  }
  if (p === '/api/stall/') return; // never answers: the client's timeout must fire
  json(res, 404, '{"detail": "Not found."}');
}

before(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  root = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

test('a patch by id, read like the saved API page', async () => {
  const r = await fetchPatchworkRef('2222859', { url: root });
  assert.deepEqual(r.diagnostics, []);
  assert.equal(
    r.mails[0].subject,
    '[PATCH v13 5/7] vfio-pci/zdev: Add a device feature for error information',
  );
  assert.equal(r.mails[0].file, `${root}/api/patches/2222859/`);
});

test('a patch by Message-ID, following Link pagination', async () => {
  const r = await fetchPatchworkRef('<20260413210608.2912-6-alifm@linux.ibm.com>', { url: `${root}/` });
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.mails[0].patchwork?.patchId, 2222859);
  assert.ok(seen.some((s) => s.url.includes('page=2')));
});

test('a series: every listed patch is fetched', async () => {
  const r = await fetchPatchworkRef('series:499754', { url: `${root}/api` });
  assert.deepEqual(
    r.mails.map((m) => m.patchwork?.patchId),
    [2222855, 2222859],
  );
  const bySeries = await new PatchworkClient({ url: root }).getSeriesByMsgid(
    '20260413210608.2912-6-alifm@linux.ibm.com',
  );
  assert.ok(bySeries.ok && bySeries.value.id === 499754);
});

test('the token is sent as Authorization: Token', async () => {
  const withToken = await new PatchworkClient({ url: root, token: 's3cret' })
    .list('private/')
    .catch(() => undefined);
  assert.ok(withToken && !withToken.ok); // an object, not a list: still proves the header got through below
  assert.equal(seen[seen.length - 1].auth, 'Token s3cret');
  const denied = await new PatchworkClient({ url: root }).getSeries(0);
  assert.ok(!denied.ok && denied.status === 404 && denied.error.includes('HTTP 404 Not Found: Not found.'));
});

test('clear errors: 403, 500, invalid JSON, HTML, a stalled server, a looping next link', async () => {
  const c = new PatchworkClient({ url: root, timeoutMs: 300 });
  const r403 = await c.list('private/');
  assert.ok(
    !r403.ok &&
      /HTTP 403.*Authentication credentials were not provided.*may need an API token/.test(r403.error),
    JSON.stringify(r403),
  );
  const r500 = await c.list('boom/');
  assert.ok(!r500.ok && r500.status === 500 && r500.error.includes('HTTP 500'));
  const bad = await c.list('bad-json/');
  assert.ok(!bad.ok && bad.error.includes('invalid JSON'));
  const html = await c.list('html/');
  assert.ok(!html.ok && html.error.includes("expected JSON, got 'text/html'"));
  const stall = await c.list('stall/');
  assert.ok(!stall.ok && stall.error.includes('timeout'), JSON.stringify(stall));
  const loop = await c.list('loop/');
  assert.ok(loop.ok && loop.value.length === 1);
  const refused = await new PatchworkClient({ url: 'http://127.0.0.1:1', timeoutMs: 2000 }).getPatch(1);
  assert.ok(!refused.ok && refused.error.includes('request failed'), JSON.stringify(refused));
});

test('Link header parsing', () => {
  assert.equal(
    nextLink(
      '<https://pw/api/patches/?page=3>; rel="next", <https://pw/api/patches/?page=1>; rel="prev"',
      'https://pw/api/patches/?page=2',
    ),
    'https://pw/api/patches/?page=3',
  );
  assert.equal(nextLink('<https://pw/api/patches/?page=1>; rel="prev"', 'https://pw/'), undefined);
  assert.equal(nextLink(null, 'https://pw/'), undefined);
});
