// Issue 15, second round (classes 2, 3 and 4 for the Patchwork client): generated
// hostile servers. Every redirect status x every Location form (absolute, scheme-relative,
// path-relative, https->http downgrade, another port, userinfo) and every Link form
// must carry the token only to the configured origin; a server echoing the token in an
// error never gets it printed; bodies in every encoding are capped after decoding; JSON
// nested past MAX_JSON_DEPTH is refused (it crashed the CLI with a RangeError before).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { PatchworkClient, fetchPatchworkRef } from '../../src/core/patch/index';
import { MAX_JSON_DEPTH } from '../../src/core/limits';
import { main } from '../../src/cli/main';

const TOKEN = 'tok-5ecret-0123456789';
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface Seen {
  server: 'main' | 'other';
  url: string;
  auth?: string;
}
const seen: Seen[] = [];
let handler: Handler = (_q, r) => r.end();
let main_: Server;
let other: Server;
let mainRoot = '';
let otherPort = 0;

function listen(s: Server): Promise<number> {
  return new Promise((r) =>
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      r(typeof a === 'object' && a ? a.port : 0);
    }),
  );
}

before(async () => {
  main_ = createServer((q, r) => {
    seen.push({ server: 'main', url: q.url ?? '', auth: q.headers.authorization });
    handler(q, r);
  });
  other = createServer((q, r) => {
    seen.push({ server: 'other', url: q.url ?? '', auth: q.headers.authorization });
    r.writeHead(200, { 'Content-Type': 'application/json' });
    r.end(JSON.stringify({ id: 1, name: 'elsewhere', diff: '' }));
  });
  mainRoot = `http://127.0.0.1:${await listen(main_)}`;
  otherPort = await listen(other);
});
after(() => {
  for (const s of [main_, other]) {
    s.closeAllConnections();
    s.close();
  }
});

/** Location values a hostile server may answer, each leading off the configured origin. */
function offOrigin(path: string): string[] {
  const port = new URL(mainRoot).port;
  return [
    `http://127.0.0.1:${otherPort}${path}`, // another port
    `//127.0.0.1:${otherPort}${path}`, // scheme-relative
    `http://localhost:${otherPort}${path}`, // another host name
    `http://u:p@127.0.0.1:${otherPort}${path}`, // userinfo on another origin
    `http://127.0.0.1:${port}@127.0.0.1:${otherPort}${path}`, // the configured host:port as userinfo
  ];
}

test('redirects (301/302/303/307/308) to any other origin never carry the token', async () => {
  for (const status of [301, 302, 303, 307, 308]) {
    for (const location of offOrigin('/api/patches/7/')) {
      seen.length = 0;
      handler = (_q, r) => {
        r.writeHead(status, { Location: location });
        r.end();
      };
      const client = new PatchworkClient({ url: mainRoot, token: TOKEN, timeoutMs: 5000 });
      await client.getPatch(7);
      const leaked = seen.filter((s) => s.server === 'other' && s.auth !== undefined);
      assert.deepEqual(leaked, [], `${status} -> ${location}`);
      assert.ok(
        seen.some((s) => s.server === 'main' && s.auth === `Token ${TOKEN}`),
        'the configured server got it',
      );
    }
  }
});

test('a same-origin relative redirect keeps the token (it is the configured server)', async () => {
  seen.length = 0;
  handler = (q, r) => {
    if (q.url?.startsWith('/api/patches/7/')) {
      r.writeHead(307, { Location: '../../patches/8/' });
      return void r.end();
    }
    r.writeHead(200, { 'Content-Type': 'application/json' });
    r.end('{"id": 8}');
  };
  const got = await new PatchworkClient({ url: mainRoot, token: TOKEN }).getPatch(7);
  assert.ok(got.ok);
  assert.equal(seen.filter((s) => s.auth === `Token ${TOKEN}`).length, 2, JSON.stringify(seen));
});

test('Link rel="next" in every off-origin form is refused before any request', async () => {
  for (const link of offOrigin('/api/patches/?page=2')) {
    seen.length = 0;
    handler = (_q, r) => {
      r.writeHead(200, { 'Content-Type': 'application/json', Link: `<${link}>; rel="next"` });
      r.end('[]');
    };
    const r = await new PatchworkClient({ url: mainRoot, token: TOKEN }).list('patches/');
    assert.equal(seen.filter((s) => s.server === 'other').length, 0, link);
    assert.ok(!r.ok && /another origin/.test(r.error), `${link}: ${JSON.stringify(r)}`);
  }
});

test('a server echoing the token in an error: the message shows <token>, never the token', async () => {
  const echoes: Handler[] = [
    (q, r) => {
      r.writeHead(401, { 'Content-Type': 'application/json' });
      r.end(JSON.stringify({ detail: `bad ${q.headers.authorization}` }));
    },
    (q, r) => {
      r.writeHead(200, { 'Content-Type': 'text/html' });
      r.end(`<p>${q.headers.authorization}</p>`);
    },
    (q, r) => {
      r.writeHead(200, { 'Content-Type': 'application/json' });
      r.end(`{"x": ${q.headers.authorization}}`); // the parser quotes the bad token
    },
  ];
  for (const echo of echoes) {
    handler = echo;
    const r = await fetchPatchworkRef('7', { url: mainRoot, token: TOKEN });
    const text = JSON.stringify(r.diagnostics);
    assert.ok(r.diagnostics.length > 0);
    assert.ok(!text.includes(TOKEN), text);
    let out = '';
    await main(['patch', '--patchwork', mainRoot, '--token', TOKEN, '7'], {
      stdout: (t) => (out += t),
      stderr: (t) => (out += t),
    });
    assert.ok(!out.includes(TOKEN), out);
  }
});

test('JSON nested past MAX_JSON_DEPTH is refused with an error, in every request path', async () => {
  for (const depth of [MAX_JSON_DEPTH + 1, 10_000, 200_000]) {
    const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    handler = (_q, r) => {
      r.writeHead(200, { 'Content-Type': 'application/json' });
      r.end(`[{"id": 1, "msgid": "<a@b>", "series": [{"id": 2}], "x": ${deep}}]`);
    };
    for (const ref of ['<a@b>', 'cover:3', 'series:2', '7']) {
      const r = await fetchPatchworkRef(ref, { url: mainRoot });
      assert.ok(
        r.diagnostics.some((d) => d.severity === 'error'),
        `${ref} @${depth}: ${JSON.stringify(r.diagnostics)}`,
      );
    }
    const r = await new PatchworkClient({ url: mainRoot }).getPatch(7);
    assert.ok(!r.ok && r.error.includes(`deeper than ${MAX_JSON_DEPTH}`), JSON.stringify(r).slice(0, 300));
  }
  const ok = `${'['.repeat(MAX_JSON_DEPTH - 2)}${']'.repeat(MAX_JSON_DEPTH - 2)}`;
  handler = (_q, r) => {
    r.writeHead(200, { 'Content-Type': 'application/json' });
    r.end(`{"id": 1, "x": ${ok}}`);
  };
  assert.ok((await new PatchworkClient({ url: mainRoot }).getPatch(7)).ok, 'within the limit is read');
});

test('bodies in every content encoding are capped after decoding', async () => {
  const maxBytes = 64 * 1024;
  const raw = Buffer.alloc(4 * 1024 * 1024, 0x20);
  const encodings: [string, Buffer][] = [
    ['gzip', gzipSync(raw)],
    ['deflate', deflateSync(raw)],
    ['br', brotliCompressSync(raw)],
    ['gzip, gzip', gzipSync(gzipSync(raw))],
  ];
  for (const [encoding, body] of encodings) {
    handler = (_q, r) => {
      r.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': encoding });
      r.end(body);
    };
    const r = await new PatchworkClient({ url: mainRoot, maxBytes }).getPatch(7);
    assert.ok(!r.ok && /larger than the 65536-byte limit/.test(r.error), `${encoding}: ${JSON.stringify(r)}`);
  }
});

test('a chunked body that never ends and a trickle stop at the caps and deadlines', async () => {
  handler = (q, r) => {
    r.writeHead(200, { 'Content-Type': 'application/json' });
    const t = setInterval(() => r.write(' '.repeat(4096)), 1);
    q.on('close', () => clearInterval(t));
  };
  const flood = await new PatchworkClient({ url: mainRoot, maxBytes: 256 * 1024 }).getPatch(7);
  assert.ok(!flood.ok && /limit/.test(flood.error), JSON.stringify(flood));
  handler = (q, r) => {
    r.writeHead(200, { 'Content-Type': 'application/json' });
    const t = setInterval(() => r.write(' '), 50);
    q.on('close', () => clearInterval(t));
  };
  const started = Date.now();
  const trickle = await new PatchworkClient({ url: mainRoot, timeoutMs: 60_000, deadlineMs: 700 }).getPatch(
    7,
  );
  assert.ok(!trickle.ok && /deadline/.test(trickle.error), JSON.stringify(trickle));
  assert.ok(Date.now() - started < 10_000, 'the overall deadline ends a body that trickles');
});

test('a password in the configured URL is never printed (fetch refuses such URLs)', async () => {
  const url = mainRoot.replace('http://', 'http://bob:hunter2-pw@');
  for (const ref of ['7', 'series:2', '<a@b>']) {
    const r = await fetchPatchworkRef(ref, { url, token: TOKEN });
    const text = JSON.stringify(r);
    assert.ok(r.diagnostics.length > 0, ref);
    assert.ok(!text.includes('hunter2-pw') && !text.includes(TOKEN), text.slice(0, 400));
  }
});
