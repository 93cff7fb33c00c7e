// A Patchwork server on 127.0.0.1 for the UI tests: answers the API request
// for the seed patch (2222859) with the JSON of the saved API page in
// test/fixtures/patch, and 404 for anything else.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { REPO_ROOT } from './tools';

export const SEED_PATCH_ID = '2222859';

export interface PatchworkMock {
  url: string;
  requests: string[];
  stop(): Promise<void>;
}

export async function startPatchworkMock(): Promise<PatchworkMock> {
  const page = readFileSync(
    join(REPO_ROOT, 'test', 'fixtures', 'patch', 'patchwork-api-2222859.txt'),
    'utf8',
  );
  // The saved page is the API's HTML-less rendering: headers, then the JSON object.
  const patchJson = page.slice(page.indexOf('\n{') + 1);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    const ok = path === `/api/patches/${SEED_PATCH_ID}/`;
    res.writeHead(ok ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(ok ? patchJson : '{"detail": "Not found."}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
