// The language server's process entry (dist/server.js): runs the server bundle
// (dist/server-bundle.js) through V8's code cache, as bin/kpw does for the CLI, so a
// start does not re-parse and re-compile the 1.1 MB bundle and the first open of a
// header does not lazily compile the analysis again. See src/launch/code-cache.ts for what the
// cache holds and when it is written; any failure falls back to a plain require.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { loadWithCodeCache } from '../../../src/launch/code-cache';
import type { ServerOptions } from '../start-server';

type Bundle = { main: (options?: ServerOptions) => void };

// V8's default tier-up sends the analysis to TurboFan while the first build of a header is still
// running: ~130-150 ms of compiler threads against ~90 ms of the open's own work, on the same
// cores (every function is already bytecode from the code cache). With the interrupt budget at 1M
// (as bin/kpw's) until the first diagnostics are out, open vfio.h took 290 -> 110 ms server CPU
// (1M measured against 300k, 3M and V8's default, issue 17, CHANGELOG). Kept for the whole run,
// the edits after it ran longer on unoptimized code (the last 14 of 28: +6% CPU), so V8's own
// budget (Node 20's V8: 66 KB) comes back after the first publication, once the code cache (keyed
// by the start's flags) is written. Set here, not in the extension's execArgv, so any client
// launching dist/server.js gets it. KPW_V8_FLAGS replaces it for the whole run (empty: V8's defaults).
const OPEN_FLAGS = '--interrupt-budget=1000000';
const v8Flags = process.env.KPW_V8_FLAGS ?? OPEN_FLAGS;
if (v8Flags) setFlagsFromString(v8Flags);
// The rehearsal (warm-up.ts) once the budget is back: KPW_WARM_UP_MS sets its quiet ('off': none).
const warmEnv = process.env.KPW_WARM_UP_MS;
const warmUpMs = v8Flags !== OPEN_FLAGS || warmEnv === 'off' ? undefined : Number(warmEnv ?? 400);
const afterOpen = () => {
  if (v8Flags === OPEN_FLAGS) setFlagsFromString('--interrupt-budget=67584');
};

const bundle = join(__dirname, 'server-bundle.js');
const cached =
  process.env.KPW_NO_CODE_CACHE === '1' ? undefined : loadWithCodeCache(bundle, { prefix: 'server', v8Flags });
if (cached) {
  // The first header diagnostics published: the functions an open needs are compiled now.
  let saved = false;
  cached.run<Bundle>().main({
    warmUpMs,
    onPublished: () => {
      if (saved) return;
      saved = true;
      cached.saveWhenIdle(afterOpen);
    },
  });
} else {
  let opened = false;
  (createRequire(join(dirname(bundle), 'launch.js'))(bundle) as Bundle).main({
    warmUpMs,
    onPublished: () => {
      if (!opened) afterOpen();
      opened = true;
    },
  });
}
