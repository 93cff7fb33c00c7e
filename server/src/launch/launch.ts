// The language server's process entry (dist/server.js): runs the server bundle
// (dist/server-bundle.js) through V8's code cache, as bin/kpw does for the CLI, so a
// start does not re-parse and re-compile the 1.1 MB bundle and the first open of a
// header does not lazily compile the analysis again. See src/launch/code-cache.ts for what the
// cache holds and when it is written; any failure falls back to a plain require.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadWithCodeCache } from '../../../src/launch/code-cache';
import type { ServerOptions } from '../start-server';

type Bundle = { main: (options?: ServerOptions) => void };

const bundle = join(__dirname, 'server-bundle.js');
const cached =
  process.env.KPW_NO_CODE_CACHE === '1' ? undefined : loadWithCodeCache(bundle, { prefix: 'server' });
if (cached) {
  // The first header diagnostics published: the functions an open needs are compiled now.
  let saved = false;
  cached.run<Bundle>().main({
    onPublished: () => {
      if (saved) return;
      saved = true;
      cached.saveWhenIdle();
    },
  });
} else {
  (createRequire(join(dirname(bundle), 'launch.js'))(bundle) as Bundle).main();
}
