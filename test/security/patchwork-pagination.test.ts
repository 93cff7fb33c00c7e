// Issue 15, class 6 for the Patchwork client's lists: every page is read, or the list is an
// error. Generated `Link` headers in the forms RFC 8288 allows (commas in the target, quoted
// parameters holding commas, several relation types, unquoted and upper-case `rel`, other
// link-values around) must lead through all pages; a list longer than the page cap must say
// so (a Message-ID on a page past it came out as "no patch with Message-ID", exit 3 for the
// wrong reason); a `next` looping back stops.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { PatchworkClient } from '../../src/core/patch/index';

let server: Server;
let root = '';
/** The Link header of page `n` of a list of `pages`, built by the form under test. */
let linkFor: (n: number, pages: number) => string | undefined = () => undefined;
let pages = 1;

before(async () => {
  server = createServer((q, r) => {
    const url = new URL(q.url ?? '/', root);
    const n = Number(url.searchParams.get('page') ?? '1');
    const link = n < pages ? linkFor(n, pages) : undefined;
    r.writeHead(200, { 'Content-Type': 'application/json', ...(link ? { Link: link } : {}) });
    // A `?msgid=` lookup as a server whose filter is loose: empty pages, the hit on the last.
    const msgid = url.searchParams.get('msgid');
    const items = msgid === null || n === pages ? [{ id: n, msgid: `<m${n}@x>` }] : [];
    r.end(JSON.stringify(items));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const a = server.address();
  root = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

/** The next page's target in several spellings: absolute, path-relative, with a comma in it. */
const TARGETS: ((n: number) => string)[] = [
  (n) => `${root}/api/patches/?page=${n + 1}`,
  (n) => `/api/patches/?page=${n + 1}`,
  (n) => `${root}/api/patches/?order=-date,id&page=${n + 1}`,
  (n) => `/api/patches/?q=a%2Cb,c&page=${n + 1}`,
];
/** The parameters of the next link-value, each carrying `rel` next in another legal form. */
const PARAMS: string[] = [
  '; rel="next"',
  '; rel=next',
  '; REL="Next"',
  '; rel="prev next"',
  '; title="page, the next one"; rel="next"',
  ';rel="next last"',
  ' ; rel = "next"',
];
/** Other link-values around it: none, before, after, a quoted comma in one. */
const AROUND: [string, string][] = [
  ['', ''],
  [`<${'/api/patches/?page=1'}>; rel="first", `, ''],
  ['', `, <${'/api/patches/?page=99'}>; rel="last"`],
  ['<https://elsewhere/x?a=1,2>; rel="alternate"; title="x, y", ', ', <https://docs/>; rel=help'],
];

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

test('generated Link headers: every page of the list is read', async () => {
  const rnd = lcg(15);
  let cases = 0;
  for (const target of TARGETS)
    for (const params of PARAMS)
      for (const [pre, post] of AROUND) {
        pages = 2 + Math.floor(rnd() * 4);
        linkFor = (n) => `${pre}<${target(n)}>${params}${post}`;
        const r = await new PatchworkClient({ url: root }).list('patches/');
        const form = `${pre}<${target(1)}>${params}${post}`;
        assert.ok(r.ok, `${form}: ${JSON.stringify(r)}`);
        assert.deepEqual(
          r.value.map((i) => i.id),
          Array.from({ length: pages }, (_, i) => i + 1),
          `Link: ${form} (${pages} pages)`,
        );
        cases++;
      }
  assert.equal(cases, TARGETS.length * PARAMS.length * AROUND.length);
});

test('a list past the page cap is an error naming the cap, not an answer from the pages read', async () => {
  linkFor = (n) => `<${root}/api/patches/?page=${n + 1}>; rel="next"`;
  for (const cap of [1, 2, 5]) {
    for (const length of [cap - 1, cap, cap + 1, cap * 3]) {
      if (length < 1) continue;
      pages = length;
      const r = await new PatchworkClient({ url: root, maxPages: cap }).list('patches/');
      if (length <= cap) assert.ok(r.ok && r.value.length === length, `${length} pages, cap ${cap}`);
      else
        assert.ok(
          !r.ok && r.error.includes(`past ${cap} pages`) && r.error.includes('page='),
          `${length} pages, cap ${cap}: ${JSON.stringify(r)}`,
        );
    }
  }
  // The Message-ID lookup says why, instead of "no patch with Message-ID".
  pages = 8;
  linkFor = (n) => `<${root}/api/patches/?msgid=m8%40x&page=${n + 1}>; rel="next"`;
  const found = await new PatchworkClient({ url: root, maxPages: 3 }).getPatchByMsgid('<m8@x>');
  assert.ok(!found.ok && /past 3 pages/.test(found.error), JSON.stringify(found));
});

test('a next link looping back (to itself or an earlier page) stops with what was read', async () => {
  for (const back of [0, 1, 2]) {
    pages = 100;
    linkFor = (n) => `<${root}/api/patches/?page=${n >= 3 ? 3 - back : n + 1}>; rel="next"`;
    const r = await new PatchworkClient({ url: root }).list('patches/?page=1');
    assert.ok(r.ok && r.value.length === 3, `back ${back}: ${JSON.stringify(r)}`);
  }
});
