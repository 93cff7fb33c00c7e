// Starts code-server (the VS Code workbench + the real Node extension host) on
// 127.0.0.1 with a run folder of its own: user data, extensions, HOME and TMPDIR,
// so nothing leaks into the developer's ~/.config or /tmp. Installs the .vsix first.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tools } from './tools';
import { freePort } from '../../integration/target/sshd-harness';
import { guestCacheDir } from '../../../src/core/runner/guest/paths';

export interface CodeServer {
  port: number;
  url: string;
  /** The run folder (user-data, extensions, home, tmp live inside). */
  dir: string;
  userDataDir: string;
  extensionsDir: string;
  /** code-server's own output so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  tools: Tools;
  dir: string;
  /** User settings. */
  settings: Record<string, unknown>;
  /**
   * Machine settings (user-data/Machine/settings.json). code-server windows are
   * remote windows: settings of scope "machine" (kpw.targets, kpw.patchwork.url)
   * are read from here and ignored in the user settings.
   */
  machineSettings?: Record<string, unknown>;
  /** .vsix files or extension folders to install before starting. */
  install?: string[];
  /** Turns on the workbench's smoke-test driver (extension-host test payloads). */
  smokeTestDriver?: boolean;
  env?: Record<string, string>;
  /** A fixed port (npm start); else a free one. */
  port?: number;
}

// One free-port helper for every test server (sshd, code-server).
export { freePort };

/** Default user settings: no auto-save (fixtures stay clean), no noise on first start. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  // The test's own servers (sshd, Patchwork) on 127.0.0.1 are not ports to forward.
  'remote.autoForwardPorts': false,
  'editor.inlayHints.enabled': 'on',
  'security.workspace.trust.enabled': false,
};

function childEnv(dir: string, extra: Record<string, string> | undefined, tools: Tools): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: join(dir, 'home'),
    TMPDIR: join(dir, 'tmp'),
    XDG_CONFIG_HOME: join(dir, 'home', '.config'),
    XDG_DATA_HOME: join(dir, 'home', '.local', 'share'),
    XDG_CACHE_HOME: join(dir, 'home', '.cache'),
    // code-server needs Node 24; the extension host and the language server inherit it.
    PATH: `${join(tools.node, '..')}:${process.env.PATH ?? ''}`,
    // HOME moves into the run folder: the local s390x test guest stays where setup built it.
    KPW_GUEST_CACHE: guestCacheDir(process.env),
    // Offline: no extension gallery (code-server's default is open-vsx.org, asked on every window load).
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

function commonArgs(o: { userDataDir: string; extensionsDir: string; config: string }): string[] {
  return ['--user-data-dir', o.userDataDir, '--extensions-dir', o.extensionsDir, '--config', o.config];
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { tools, dir } = options;
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  const config = join(dir, 'config.yaml');
  for (const d of [
    userDataDir,
    join(userDataDir, 'User'),
    join(userDataDir, 'Machine'),
    extensionsDir,
    join(dir, 'home'),
    join(dir, 'tmp'),
  ])
    mkdirSync(d, { recursive: true });
  writeFileSync(config, 'auth: none\ncert: false\n');
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...options.settings }, null, 2),
  );
  writeFileSync(
    join(userDataDir, 'Machine', 'settings.json'),
    JSON.stringify(options.machineSettings ?? {}, null, 2),
  );
  const env = childEnv(dir, options.env, tools);
  const dirs = { userDataDir, extensionsDir, config };
  for (const ext of options.install ?? []) {
    const r = spawnSync(
      tools.node,
      [tools.codeServer, ...commonArgs(dirs), '--install-extension', ext, '--force'],
      {
        env,
        encoding: 'utf8',
        timeout: 180_000,
      },
    );
    if (r.status !== 0)
      throw new Error(
        `code-server --install-extension ${ext} failed (${r.status ?? r.signal}): ${r.stderr}${r.stdout}`,
      );
  }
  const port = options.port ?? (await freePort());
  const args = [
    tools.codeServer,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...commonArgs(dirs),
  ];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const child = spawn(tools.node, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child, () => output);
  return { port, url, dir, userDataDir, extensionsDir, log: () => output, stop: () => stop(child) };
}

/** Polls /healthz until it answers (at most 120 s: the machine may be loaded). */
async function waitHealthy(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}: ${log()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url}/healthz within 120 s: ${log()}`);
}

/** Ends code-server and everything it started (extension host, language server): its process group. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
  // Stragglers of the group (an extension host or language server still shutting down).
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // none left
  }
}
