// The language server's startup snapshot entry (dist/server-snapshot.js), run only by
// `node --build-snapshot` (src/launch/snapshot.ts): evaluates the server's modules, warms the
// server on an embedded header (warm-up.ts) so the blob holds the bytecode an open needs, and
// sets what a start from the blob runs: the server on the process's transport, as dist/server.js.

import { startupSnapshot } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../start-server';
import { slicedWorkRunning } from '../../../src/core/steps';
import { SNAPSHOT_CHECK_ARG, SNAPSHOT_OK } from '../../../src/launch/snapshot';
import { warmUp } from './warm-up';

if (!startupSnapshot.isBuildingSnapshot()) {
  process.stderr.write(
    'kpw: server-snapshot.js runs only under node --build-snapshot; start dist/server.js\n',
  );
  process.exitCode = 2;
} else {
  void prepare();
}

async function prepare(): Promise<void> {
  try {
    await warmUp();
    // A build left counted as running would keep the server's idle release off for good.
    if (slicedWorkRunning() !== 0) throw new Error('the warm-up left a build running');
  } catch (err) {
    process.stderr.write(`kpw: snapshot warm-up failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  }
  startupSnapshot.setDeserializeMainFunction(() => {
    if (process.argv.includes(SNAPSHOT_CHECK_ARG)) process.stdout.write(`${SNAPSHOT_OK}\n`);
    else startServer(createConnection(ProposedFeatures.all));
  });
}
