// The detached builder of the language server's startup snapshot (dist/snapshot-build.js):
// started in the background by serverSnapshotArgs (snapshot.ts) when there is no blob, so the
// start that asked is not delayed; the next start uses the blob. Runs at a low priority.
// Usage: node snapshot-build.js DIST_DIR BLOB [NODE_FLAGS...]

import { setPriority } from 'node:os';
import { rmSync } from 'node:fs';
import { buildSnapshotSync } from './snapshot';

const [distDir, blob, ...flags] = process.argv.slice(2);
if (distDir && blob) {
  try {
    setPriority(10); // the editor's own work first
  } catch {
    // not allowed: build at the normal priority
  }
  try {
    buildSnapshotSync(distDir, blob, flags);
  } finally {
    rmSync(`${blob}.lock`, { force: true });
  }
}
