#!/usr/bin/env node
// `npm start`: the demo in a real VS Code. Installs the pinned code-server if
// needed (scripts/e2e-setup.sh), builds and packages the extension, installs it
// into a code-server of its own, copies examples/workspace once, and prints the
// URL to open. Runs until Ctrl-C. Usage: npm start [-- --port N] [-- --reset]
// `npm run package` (--package) only writes kernel-patch-workbench-<version>.vsix here.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';

const root = new URL('..', import.meta.url).pathname;
const load = (rel) => tsxRequire(join(root, rel), import.meta.url);
const { findTools } = load('test/e2e/harness/tools.ts');
const { packageVsix } = load('test/e2e/harness/vsix.ts');
const { startCodeServer, freePort, BASE_SETTINGS } = load('test/e2e/harness/code-server.ts');

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const reset = args.includes('--reset');
const packageOnly = args.includes('--package');

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
if (packageOnly) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const out = join(root, `kernel-patch-workbench-${version}.vsix`);
  copyFileSync(vsix.file, out);
  console.log(
    `${out} (${Math.round(vsix.bytes / 1024)} KiB): install it with code --install-extension ${out}`,
  );
  process.exit(0);
}
if (!existsSync(workspace)) cpSync(join(root, 'examples', 'workspace'), workspace, { recursive: true });
const port = portArg >= 0 ? Number(args[portArg + 1]) : await freePort();
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`start: --port wants a port number, got '${args[portArg + 1]}'`);
  process.exit(2);
}
const { 'security.workspace.trust.enabled': _trustOff, ...settings } = BASE_SETTINGS;
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
