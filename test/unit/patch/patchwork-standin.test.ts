// The Patchwork client and `kpw patch` against our Patchwork 3.1 stand-in
// (test/e2e/harness/patchwork-mock.ts), per behaviour as Patchwork serves it: the
// msgid filter only from API 1.2, per-project Message-IDs, '/' in Message-IDs
// (%252F in web URLs), cover letters opening their series, 403 on a bad token,
// per_page, received_all, unusable series ids; and the client's bounds: no token to
// another origin, body caps (plain and gzip), a series cap and an overall deadline.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { main } from '../../../src/cli/main';
import {
  fetchPatchworkRef,
  MAX_RESPONSE_BYTES,
  MAX_SERIES_PATCHES,
  tokenFor,
  PatchworkClient,
} from '../../../src/core/patch/index';
import {
  startPatchworkMock,
  type PatchworkMock,
  type PwPatch,
  type StandInData,
} from '../../e2e/harness/patchwork-mock';

const diff = (name: string) =>
  `diff --git a/include/uapi/linux/${name}.h b/include/uapi/linux/${name}.h\n--- a/include/uapi/linux/${name}.h\n+++ b/include/uapi/linux/${name}.h\n@@ -1,1 +1,4 @@\n #include <linux/types.h>\n+struct ${name}_s {\n+\tint x;\n+};\n`;

function patch(id: number, project: string, msgid: string, series?: number, number?: number): PwPatch {
  return {
    id,
    project,
    msgid,
    name: `[${number ?? 1}/3] ${project} ${msgid}`,
    series,
    number,
    diff: diff(`p${id}`),
  };
}

const data: StandInData = {
  projects: [
    { id: 1, link_name: 'alpha' },
    { id: 2, link_name: 'beta' },
  ],
  patches: [
    // Many patches first, so an unfiltered list would answer with the wrong one.
    // More than one page of 100: an ignored filter shows the wrong page first.
    ...Array.from({ length: 120 }, (_, k) => patch(1000 + k, 'alpha', `<filler-${k}@example.org>`)),
    patch(201, 'alpha', '<same@example.org>'),
    patch(202, 'beta', '<same@example.org>'),
    patch(203, 'beta', '<with/slash@example.org>'),
    // Series 7, listed out of order: the detail orders by patch number.
    patch(303, 'alpha', '<s7-3@example.org>', 7, 3),
    patch(301, 'alpha', '<s7-1@example.org>', 7, 1),
    patch(302, 'alpha', '<s7-2@example.org>', 7, 2),
    patch(401, 'alpha', '<s8-1@example.org>', 8, 1),
  ],
  covers: [{ id: 70, project: 'alpha', msgid: '<s7-0@example.org>', name: '[0/3] seven', series: 7 }],
  series: [
    { id: 7, project: 'alpha', name: 'seven', version: 1, total: 3, patches: [303, 301, 302], cover: 70 },
    { id: 8, project: 'alpha', name: 'eight', version: 1, total: 3, patches: [401] },
  ],
  tokens: ['good'],
};

let pw: PatchworkMock;
before(async () => {
  pw = await startPatchworkMock(data);
});
after(() => pw.stop());

async function kpw(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += `${t}\n`), stderr: (t) => (stderr += `${t}\n`) });
  return { code, stdout, stderr };
}

test('a Message-ID through API 1.0/1.1 (no msgid filter): the whole list comes back, and the client says so', async () => {
  for (const v of ['1.0', '1.1']) {
    const r = await new PatchworkClient({ url: `${pw.url}/api/${v}` }).getPatchByMsgid('<s7-2@example.org>');
    assert.ok(!r.ok, `API ${v} must not answer with another patch: ${JSON.stringify(r).slice(0, 200)}`);
    assert.match(r.error, new RegExp(`API ${v.replace('.', '\\.')} has no msgid filter`));
  }
  for (const v of ['1.2', '1.3']) {
    const r = await new PatchworkClient({ url: `${pw.url}/api/${v}` }).getPatchByMsgid('<s7-2@example.org>');
    assert.ok(r.ok && r.value.id === 302, JSON.stringify(r).slice(0, 200));
  }
});

test('Message-IDs are per project: project:X/<id> and /project/X/patch/<id>/ resolve within X', async () => {
  const a = await fetchPatchworkRef('project:alpha/<same@example.org>', { url: pw.url });
  const b = await fetchPatchworkRef('project:beta/<same@example.org>', { url: pw.url });
  assert.deepEqual([a.mails[0]?.patchwork?.patchId, b.mails[0]?.patchwork?.patchId], [201, 202]);
  const either = await fetchPatchworkRef('<same@example.org>', { url: pw.url });
  assert.match(either.diagnostics[0]?.message ?? '', /is in 2 projects \(alpha, beta\): name one/);
  const web = await kpw(['patch', '--format', 'json', `${pw.url}/project/beta/patch/same@example.org/`]);
  assert.match(web.stdout, /p202\.h/, web.stdout + web.stderr);
  assert.ok(pw.log.some((l) => l.path.includes('project=beta')));
});

test("a Message-ID holding '/': from the ref, and from web URLs encoded once (%2F) and twice (%252F)", async () => {
  const direct = await fetchPatchworkRef('<with/slash@example.org>', { url: pw.url });
  assert.equal(direct.mails[0]?.patchwork?.patchId, 203, JSON.stringify(direct.diagnostics));
  for (const enc of ['with%2Fslash@example.org', 'with%252Fslash@example.org']) {
    const r = await kpw(['patch', `${pw.url}/project/beta/patch/${enc}/`]);
    assert.match(r.stdout, /p203\.h/, `${enc}: ${r.stdout}${r.stderr}`);
  }
});

test("a cover letter's Message-ID, URL or id opens its series, patches in patch-number order", async () => {
  for (const ref of ['<s7-0@example.org>', 'cover:70']) {
    const r = await fetchPatchworkRef(ref, { url: pw.url });
    assert.deepEqual(
      r.mails.map((m) => m.patchwork?.patchId),
      [301, 302, 303],
      `${ref}: ${JSON.stringify(r.diagnostics)}`,
    );
  }
  const web = await kpw(['patch', '--format', 'json', `${pw.url}/project/alpha/cover/s7-0@example.org/`]);
  for (const n of [301, 302, 303]) assert.match(web.stdout, new RegExp(`p${n}\\.h`));
});

test('403 on a bad token, with a clear message; the good token passes; per_page=100 is asked', async () => {
  const bad = await new PatchworkClient({ url: pw.url, token: 'wrong' }).getPatch(201);
  assert.ok(
    !bad.ok && bad.status === 403 && /Invalid token.*check the API token/.test(bad.error),
    JSON.stringify(bad),
  );
  const good = await new PatchworkClient({ url: pw.url, token: 'good' }).getPatch(201);
  assert.ok(good.ok);
  await new PatchworkClient({ url: pw.url }).list('patches/');
  assert.ok(
    pw.log.some((l) => l.path.startsWith('/api/patches/?per_page=100')),
    pw.log.map((l) => l.path).join(' '),
  );
});

test('a series Patchwork marks received_all: false says it is incomplete', async () => {
  const r = await kpw(['patch', '--patchwork', pw.url, 'series:8']);
  assert.match(
    r.stdout,
    /series 8 is incomplete \(Patchwork: received_all false: 1 of 3 patches received\)/,
    r.stdout,
  );
});

test('series entries with unusable ids: the warning reaches the user', async () => {
  const odd = await startPatchworkMock({
    hook: (_req, res, url) => {
      if (url.pathname !== '/api/series/9/') return false;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 9,
          name: 'nine',
          version: 1,
          received_all: true,
          patches: [{ id: 'x1' }, { id: 1.5 }, { id: 2 ** 60 }],
        }),
      );
      return true;
    },
  });
  try {
    const r = await kpw(['patch', '--patchwork', odd.url, 'series:9']);
    assert.match(r.stdout, /series 9: 3 patch entries without a usable id/, r.stdout + r.stderr);
  } finally {
    await odd.stop();
  }
});

test('a Link rel="next" to another origin is refused and never gets the token (any scheme, host or port)', async () => {
  const seen: (string | undefined)[] = [];
  const other: Server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('[]');
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
  const port = (other.address() as { port: number }).port;
  const pwPort = new URL(pw.url).port;
  const elsewhere = [
    `http://127.0.0.1:${port}/api/patches/?page=2`,
    `http://localhost:${pwPort}/api/patches/?page=2`,
    `https://127.0.0.1:${pwPort}/api/patches/?page=2`,
  ];
  try {
    for (const target of elsewhere) {
      const evil = await startPatchworkMock({
        tokens: ['t0k'],
        hook: (_req, res, url) => {
          if (url.pathname !== '/api/patches/') return false;
          res.writeHead(200, { 'Content-Type': 'application/json', Link: `<${target}>; rel="next"` });
          res.end('[{"id":1,"msgid":"<a@b>"}]');
          return true;
        },
      });
      try {
        const r = await new PatchworkClient({ url: evil.url, token: 't0k' }).list('patches/');
        assert.ok(
          !r.ok && /refusing to follow Link rel="next" to .*another origin/.test(r.error),
          `${target}: ${JSON.stringify(r)}`,
        );
      } finally {
        await evil.stop();
      }
    }
    assert.deepEqual(seen, [], 'the other server was never asked');
  } finally {
    other.closeAllConnections();
    other.close();
  }
});

test('body caps: a body over the limit, declared or streamed, and a gzip that inflates past it, end in a clear error', async () => {
  const big = 3 * 1024 * 1024;
  const bomb = gzipSync(Buffer.alloc(MAX_RESPONSE_BYTES + 16 * 1024 * 1024, 0x20));
  const hostile = await startPatchworkMock({
    hook: (_req, res, url) => {
      if (url.pathname === '/api/patches/1/') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(big) });
        res.end(Buffer.alloc(big, 0x20));
      } else if (url.pathname === '/api/patches/2/') {
        // No length: chunks until the client stops reading.
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        res.on('error', () => undefined);
        pump();
      } else if (url.pathname === '/api/patches/3/') {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Encoding': 'gzip',
          'Content-Length': String(bomb.length),
        });
        res.end(bomb);
      } else return false;
      return true;
    },
  });
  try {
    const small = new PatchworkClient({ url: hostile.url, maxBytes: 1024 * 1024 });
    for (const id of [1, 2]) {
      const r = await small.getPatch(id);
      assert.ok(!r.ok && /larger than the 1048576-byte limit/.test(r.error), `${id}: ${JSON.stringify(r)}`);
    }
    // The default limit against a gzip body of a few hundred KB inflating past it.
    const before = process.memoryUsage().rss;
    const r = await new PatchworkClient({ url: hostile.url }).getPatch(3);
    assert.ok(
      !r.ok && /larger than the 67108864-byte limit.*after gzip decoding/.test(r.error),
      JSON.stringify(r),
    );
    assert.ok(bomb.length < 1024 * 1024, `the bomb is small: ${bomb.length}`);
    assert.ok(process.memoryUsage().rss - before < 512 * 1024 * 1024, 'memory stays bounded');
  } finally {
    await hostile.stop();
  }
});

test('an overall deadline across a series: slow patches end in a deadline error, not one timeout each', async () => {
  const ids = [501, 502, 503, 504, 505];
  const slow = await startPatchworkMock({
    patches: ids.map((id, k) => patch(id, 'alpha', `<slow-${k}@example.org>`, 5, k + 1)),
    series: [{ id: 5, project: 'alpha', name: 'slow', version: 1, total: 5, patches: ids }],
    patchDelayMs: 700,
  });
  try {
    const t0 = Date.now();
    const r = await fetchPatchworkRef('series:5', { url: slow.url, deadlineMs: 1000, timeoutMs: 30_000 });
    const took = Date.now() - t0;
    assert.ok(took < 2500, `took ${took} ms`);
    assert.ok(r.mails.length >= 1 && r.mails.length < 5, `some patches arrived: ${r.mails.length}`);
    assert.ok(
      r.diagnostics.some((d) => /overall deadline of 1 s/.test(d.message)),
      JSON.stringify(r.diagnostics),
    );
  } finally {
    await slow.stop();
  }
});

test(`a series listing more than ${MAX_SERIES_PATCHES} patches: the limit is named, the first ${MAX_SERIES_PATCHES} fetched`, async () => {
  const n = MAX_SERIES_PATCHES + 20;
  const ids = Array.from({ length: n }, (_, k) => 10_000 + k);
  const huge = await startPatchworkMock({
    patches: ids.map((id, k) => patch(id, 'alpha', `<h-${k}@example.org>`, 6, k + 1)),
    series: [{ id: 6, project: 'alpha', name: 'huge', version: 1, total: n, patches: ids }],
  });
  try {
    const r = await fetchPatchworkRef('series:6', { url: huge.url });
    assert.equal(r.mails.length, MAX_SERIES_PATCHES);
    assert.ok(
      r.diagnostics.some(
        (d) => d.severity === 'error' && d.message.includes(`more than the limit of ${MAX_SERIES_PATCHES}`),
      ),
    );
    assert.equal(huge.requests.filter((p) => p.startsWith('/api/patches/')).length, MAX_SERIES_PATCHES);
  } finally {
    await huge.stop();
  }
});

test('a URL input naming another server is fetched without the --patchwork token (CLI and editor share the rule)', async () => {
  const other = await startPatchworkMock({ patches: [patch(9, 'alpha', '<o@example.org>')] });
  try {
    const r = await kpw(['patch', '--patchwork', pw.url, '--token', 'good', `${other.url}/api/patches/9/`]);
    assert.match(r.stdout, /p9\.h/, r.stdout + r.stderr);
    assert.deepEqual(
      other.log.map((l) => l.auth),
      [undefined],
    );
    await kpw(['patch', '--patchwork', pw.url, '--token', 'good', `${pw.url}/api/patches/201/`]);
    assert.equal(pw.log[pw.log.length - 1].auth, 'Token good');
    assert.equal(tokenFor(`${other.url}/x`, pw.url, 'good'), undefined);
    assert.equal(tokenFor(`${pw.url}/api/1.3`, `${pw.url}/`, 'good'), 'good');
  } finally {
    await other.stop();
  }
});
