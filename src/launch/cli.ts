// The CLI's process entry (bin/kpw -> dist/cli-launch.js): sets the V8 flags a short run wants,
// then runs the CLI bundle (dist/cli.js) through the same V8 code cache as the language server
// (code-cache.ts), one cache per subcommand, written at exit after a warm-up (cli-warm-up.ts).
// KPW_NO_CODE_CACHE=1 skips the cache; any failure to read or write it falls back to a plain require.

import { setFlagsFromString } from 'node:v8';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadWithCodeCache } from './code-cache';
import { CLI_WARM_UPS, warmCli } from './cli-warm-up';

type Cli = { runCli: () => void; main: Parameters<typeof warmCli>[1] };

// A CLI run is short: V8's default tier-up compiles hot functions with TurboFan on a second
// thread while the run is still warming up, which cost about a third of the CPU of `kpw check`
// on vfio.h (npm run bench). A higher interrupt budget optimizes only what stays hot: 1M
// measured best (the same time on a 10,000-struct header, 40% less CPU on vfio.h).
// KPW_V8_FLAGS replaces it (empty: V8's defaults).
const v8Flags = process.env.KPW_V8_FLAGS ?? '--interrupt-budget=1000000';
if (v8Flags) setFlagsFromString(v8Flags);

const bundle = join(__dirname, 'cli.js');
const command = /^[a-z]{1,16}$/.test(process.argv[2] ?? '') ? process.argv[2] : 'main';
const cached =
  process.env.KPW_NO_CODE_CACHE === '1'
    ? undefined
    : loadWithCodeCache(bundle, { prefix: `cli-${command}`, v8Flags });
if (cached) {
  cached.saveAtExit();
  const cli = cached.run<Cli>();
  // The run that writes the cache warms it once its own command is done (nothing left to run),
  // before the exit that writes it: registered before runCli's own check of that moment.
  if (process.env.KPW_NO_CACHE_WARM_UP !== '1' && CLI_WARM_UPS[command] && cached.willSave())
    process.once('beforeExit', () => void warmCli(command, cli.main));
  cli.runCli();
} else {
  (createRequire(bundle)(bundle) as Cli).runCli();
}
