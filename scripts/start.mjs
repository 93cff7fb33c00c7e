#!/usr/bin/env node
// `npm start`: the demo in a real VS Code. Installs the pinned code-server if
// needed (scripts/e2e-setup.sh), builds and packages the extension, installs it
// into a code-server of its own, copies examples/workspace once, and prints the
// URL to open. Runs until Ctrl-C. Usage: npm start [-- --port N] [-- --reset] [-- --check] [-- --help]
// `--check` starts, loads the workbench headless, checks kpw answers on vfio.h, stops (exit 0 or 1).
// `npm run package` (--package) only writes kernel-patch-workbench-<version>.vsix here.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const reset = args.includes('--reset');
const packageOnly = args.includes('--package');
const check = args.includes('--check');
const estimate = readFileSync(join(root, 'scripts', 'setup-estimate.txt'), 'utf8').trim();
const known = new Set(['--port', '--reset', '--package', '--check', '--help', '-h']);
const unknown = args.filter((a, i) => !known.has(a) && !(i > 0 && args[i - 1] === '--port'));
if (args.includes('--help') || args.includes('-h') || unknown.length) {
  if (unknown.length) console.error(`start: unknown option ${unknown.join(' ')}`);
  console.log(`usage: npm start [-- options]

Kernel Patch Workbench in code-server (the VS Code workbench) on 127.0.0.1, with the example
kernel tree. The first run sets the machine up (npm run setup: ${estimate} cold, most of it the
s390x guest kernel build; later runs start in seconds).

  --port N    serve on port N (default: a free port)
  --reset     start again from a fresh copy of the example tree
  --check     no browser needed: start, load the workbench headless, wait for kpw's findings on
              include/uapi/linux/vfio.h, stop; exit 0 when it works, 1 saying what failed
  --help      this text`);
  process.exit(unknown.length ? 2 : 0);
}
// After --help: that works before setup (tsx comes with npm ci).
const { require: tsxRequire } = await import('tsx/cjs/api');
const load = (rel) => tsxRequire(join(root, rel), import.meta.url);
const { findTools } = load('test/e2e/harness/tools.ts');
const { packageVsix } = load('test/e2e/harness/vsix.ts');
const { startCodeServer, freePort, BASE_SETTINGS } = load('test/e2e/harness/code-server.ts');
const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;

let tools = findTools();
if ('missing' in tools) {
  console.log(`start: installing the pinned code-server first (missing: ${tools.missing})`);
  const setup = spawnSync('bash', [join(root, 'scripts', 'e2e-setup.sh')], { stdio: 'inherit' });
  if (setup.status !== 0) process.exit(setup.status ?? 1);
  tools = findTools();
  if ('missing' in tools) {
    console.error(`start: still missing: ${tools.missing}`);
    process.exit(1);
  }
}

// The demo keeps its settings and its copy of the workspace between runs (your edits stay).
const demo = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kpw', 'demo');
const workspace = join(demo, 'workspace');
if (reset) rmSync(demo, { recursive: true, force: true });
mkdirSync(demo, { recursive: true });

console.log('start: building and packaging the extension');
const vsix = packageVsix(tools, join(demo, 'vsix'));
console.log(`start: packaged (${Math.round(vsix.bytes / 1024)} KiB, ${elapsed()})`);
if (packageOnly) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const out = join(root, `kernel-patch-workbench-${version}.vsix`);
  copyFileSync(vsix.file, out);
  console.log(
    `${out} (${Math.round(vsix.bytes / 1024)} KiB): install it with code --install-extension ${out}`,
  );
  process.exit(0);
}
const { 'security.workspace.trust.enabled': _trustOff, ...settings } = BASE_SETTINGS;
if (check) {
  const { checkDemo } = load('scripts/start-check.ts');
  try {
    const found = await checkDemo({
      tools,
      vsix: vsix.file,
      settings,
      log: (l) => console.log(`start: ${l}`),
    });
    console.log(`start: check passed in ${elapsed()}: ${found}`);
    process.exit(0);
  } catch (err) {
    console.error(
      `start: check FAILED after ${elapsed()}: ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  }
}
if (!existsSync(workspace)) cpSync(join(root, 'examples', 'workspace'), workspace, { recursive: true });
const port = portArg >= 0 ? Number(args[portArg + 1]) : await freePort();
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`start: --port wants a port number, got '${args[portArg + 1]}'`);
  process.exit(2);
}
console.log(`start: starting code-server (${elapsed()})`);
const server = await startCodeServer({
  tools,
  dir: join(demo, 'code-server'),
  settings,
  install: [vsix.file],
  port,
});
const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
console.log(`
Kernel Patch Workbench is running in code-server (the VS Code workbench), on 127.0.0.1 only:

  ${url}

Open it in a browser. Try: include/uapi/linux/vfio.h (Problems, hovers, inlay hints,
"KPW: Show Struct Layout"), patches/*.mbox (findings on the + lines), the Simulator view
in the Explorer ("KPW: Simulator: Inject zPCI Error", then "Read ZPCI_ERROR").
Workspace copy: ${workspace}   (npm start -- --reset starts from a fresh copy)
Ctrl-C stops it.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstart: stopping code-server');
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Keep the process alive until a signal arrives.
setInterval(() => undefined, 1 << 30);
