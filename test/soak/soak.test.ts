// The short language-server soak for `npm test` (500 edits; `npm run soak`
// runs 5000): the real bundled server over stdio stays up, answers every
// request, publishes diagnostics for every checkpoint, exits cleanly on
// shutdown, and its RSS does not keep growing.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildServer, type BuiltServer } from './build-server';
import { runSoak } from './lsp-soak';
import { RSS_FACTOR_SHORT, soakProblems, summary } from './run';

const EDITS = 500;
let server: BuiltServer;
before(async () => {
  server = await buildServer();
});
after(() => server?.remove());

test(
  `${EDITS} random edits to vfio.h and a patch through the real server`,
  { timeout: 900_000 },
  async () => {
    const started = Date.now();
    const report = await runSoak({ serverScript: server.script, edits: EDITS, seed: 11 });
    const text = summary(report, (Date.now() - started) / 1000);
    assert.deepEqual(soakProblems(report, EDITS, RSS_FACTOR_SHORT), [], text);
    assert.ok(report.requests > 100 && report.diagnosticRounds >= EDITS / 100, text);
  },
);
