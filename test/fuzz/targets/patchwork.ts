// Fuzz target: Patchwork REST API JSON (patch, patch list, series) and saved
// browsable API pages (`GET ...`, `HTTP 200 OK`, headers, JSON), read as the
// CLI and the editor read them, plus the Link-header and API-root helpers.

import { join } from 'node:path';
import { apiRootOf, nextLink, readPatchworkText } from '../../../src/core/patch/index';
import { checkDiagnostics } from '../invariants/diagnostics';
import { checkMails, runPatchInput } from './patch';
import { FIXTURES, SHARED_FIXTURES, filesUnder, readAll } from './seeds';
import { inputHash, invariant, type FuzzTarget } from './types';
import { initParser } from '../../../src/core/parser/tree-sitter/tree-sitter';

const FILE = '/kpw-fuzz/patchwork-input.json';

const JSON_DICTIONARY = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\"',
  '\\n',
  '\\u0000',
  '\\ud800',
  'null',
  'true',
  'false',
  '0',
  '-1',
  '1e999',
  '"id": 1',
  '"url": "https://patchwork.kernel.org/api/patches/1/"',
  '"web_url": ""',
  '"msgid": "<a@b>"',
  '"date": "2024-01-01T00:00:00"',
  '"name": "[v13,1/2] vfio: x"',
  '"state": "new"',
  '"submitter": {"name": "A", "email": "a@b"}',
  '"mbox": ""',
  '"series": [{"id": 2, "version": 13, "name": "x"}]',
  '"headers": {"Subject": "x", "From": "a@b"}',
  '"content": "text\\n"',
  '"diff": "diff --git a/x.h b/x.h\\n--- a/x.h\\n+++ b/x.h\\n@@ -1 +1 @@\\n-a\\n+b\\n"',
  '"patches": [{"id": 3, "name": "x", "msgid": "<m@x>"}]',
  '"cover_letter": {"id": 4, "msgid": "<c@x>"}',
  '"version": 2',
  '"prefixes": ["PATCH", "v2"]',
  '"__proto__": {}',
  '"constructor": 1',
  'GET /api/patches/2222859/\n',
  'HTTP 200 OK\n',
  'HTTP 404 Not Found\n',
  'Allow: GET, HEAD, OPTIONS\n',
  'Content-Type: application/json\n',
  'Vary: Accept\n',
  'Link: <https://x/api/patches/?page=2>; rel="next"\n',
  // Link forms RFC 8288 allows that a comma split misread (the next page silently not followed).
  'Link: <https://x/api/patches/?order=a,b&page=2>; rel="prev next"\n',
  '; title="a, b"; REL=next, ',
];

export const patchworkTarget: FuzzTarget = {
  name: 'patchwork',
  description: 'readPatchworkText (API JSON, API page text) + mails + apply, nextLink, apiRootOf',
  dictionary: JSON_DICTIONARY,
  maxLength: 64 * 1024,
  timeoutMs: 20_000,
  seeds: () =>
    readAll([
      ...filesUnder(join(FIXTURES, 'patch'), /\.(json|txt)$/),
      ...filesUnder(join(FIXTURES, 'server', 'patch'), /\.json$/),
      ...filesUnder(SHARED_FIXTURES, /patchwork.*\.(json|txt)$/, 256 * 1024),
    ]).filter((t) => !t.trimStart().startsWith('[{"name"')),
  setup: () => initParser(),
  async run(input) {
    const read = readPatchworkText(input, FILE);
    checkDiagnostics(read.diagnostics, new Map([[FILE, input]]));
    checkMails(read.mails, input, FILE);
    for (const s of read.series)
      invariant(
        Array.isArray(s.patches) && s.patches.every((p) => Number.isSafeInteger(p.id)),
        () => `series listing with bad patch ids: ${JSON.stringify(s).slice(0, 200)}`,
      );
    for (const line of input.split('\n').slice(0, 50)) {
      apiRootOf(line);
      const next = nextLink(line, 'https://patchwork.kernel.org/api/patches/');
      invariant(next === undefined || /^[a-z][a-z0-9+.-]*:/i.test(next), `nextLink gave ${next}`);
      // A next target between <> is found whatever surrounds it (commas, other link-values).
      const m = /<([^<>]*)>\s*;\s*rel="?next"?\s*$/i.exec(line);
      if (m && line.split('<').length === 2 && /^https:\/\/[a-z]+\/[\w/?=&.,-]*$/.test(m[1]))
        invariant(next === new URL(m[1]).toString(), `nextLink missed <${m[1]}> in ${line}: ${next}`);
    }
    if (inputHash(input) % 2 === 0) await runPatchInput(input, false);
  },
};
