// kpw target up/down/status: builds (through scripts/guest/build.sh) or reuses
// the guest, starts QEMU in the background, waits until ssh answers, records
// pid and port; stops only the QEMU whose pid and command line it recorded.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { runProgram } from '../spawn';
import { GUEST_DEVICE, guestAlias, guestPaths, type GuestVariant } from './paths';
import { readManifest, type GuestManifest } from './manifest';
import { qemuArgs, qemuEnv } from './qemu-args';
import { knownHostsLine, renderSshConfig } from './ssh-config';
import { isOurQemu, readState, removeState, writeState, type GuestState } from './state';

export interface UpOptions {
  variant: GuestVariant;
  cache?: string;
  /** Build the guest when no build is cached (runs scripts/guest/build.sh). */
  build?: boolean;
  /** How long to wait for the first ssh login (default 180 s: TCG is slow on a busy machine). */
  timeoutMs?: number;
  onLog?(line: string): void;
}

export type UpResult =
  { ok: true; state: GuestState; reused: boolean; loginMs: number } | { ok: false; error: string };

export async function guestStatus(
  variant: GuestVariant,
  cache?: string,
): Promise<{ running: boolean; state?: GuestState; reason: string }> {
  const paths = guestPaths(variant, cache);
  const state = readState(paths.state);
  if (!state) return { running: false, reason: 'not started (no state file)' };
  if (!isOurQemu(state))
    return { running: false, state, reason: `QEMU (pid ${state.pid}) is no longer running` };
  const ssh = await sshTrue(state, 20_000);
  return ssh
    ? { running: true, state, reason: `running, ssh answers on 127.0.0.1:${state.port}` }
    : { running: false, state, reason: `QEMU runs (pid ${state.pid}) but ssh does not answer` };
}

export async function guestUp(options: UpOptions): Promise<UpResult> {
  const log = options.onLog ?? (() => undefined);
  const paths = guestPaths(options.variant, options.cache);
  const started = Date.now();
  const status = await guestStatus(options.variant, options.cache);
  if (status.running && status.state)
    return { ok: true, state: status.state, reused: true, loginMs: Date.now() - started };
  if (status.state && isOurQemu(status.state)) await guestDown(options.variant, options.cache);
  let manifest = readManifest(paths.manifest, options.variant);
  if (!manifest.ok && options.build) {
    const built = await runBuild(options.variant, paths.cache, log);
    if (built) return { ok: false, error: built };
    manifest = readManifest(paths.manifest, options.variant);
  }
  if (!manifest.ok) return { ok: false, error: manifest.error };
  return start(manifest.manifest, options, log);
}

async function start(m: GuestManifest, options: UpOptions, log: (l: string) => void): Promise<UpResult> {
  const paths = guestPaths(options.variant, options.cache);
  mkdirSync(paths.runDir, { recursive: true });
  writeFileSync(paths.knownHosts, knownHostsLine(readFileSync(m.hostKeyPublic, 'utf8')));
  const port = await freePort();
  const alias = guestAlias(options.variant);
  writeFileSync(
    paths.sshConfig,
    renderSshConfig({
      alias,
      port,
      clientKey: m.clientKey,
      knownHosts: paths.knownHosts,
      controlDir: paths.runDir,
    }),
  );
  const args = qemuArgs({ manifest: m, port, consoleLog: paths.console });
  log(`starting ${m.qemu} ${args.join(' ')}`);
  const began = Date.now();
  const errLog = openSync(join(paths.runDir, 'qemu.log'), 'w');
  const child = spawn(m.qemu, args, { detached: true, stdio: ['ignore', errLog, errLog], env: qemuEnv(m) });
  closeSync(errLog);
  const spawnError = await new Promise<string | undefined>((res) => {
    child.once('error', (e) => res(e.message));
    child.once('spawn', () => res(undefined));
  });
  if (spawnError || child.pid === undefined)
    return { ok: false, error: `cannot start QEMU (${m.qemu}): ${spawnError ?? 'no pid'}` };
  child.unref();
  const state: GuestState = {
    variant: options.variant,
    pid: child.pid,
    port,
    alias,
    sshConfig: paths.sshConfig,
    console: paths.console,
    device: GUEST_DEVICE,
    kernelRelease: m.kernelRelease,
    startedAt: new Date().toISOString(),
  };
  writeState(paths.state, state);
  const deadline = began + (options.timeoutMs ?? 180_000);
  while (Date.now() < deadline) {
    if (!isOurQemu(state)) {
      removeState(paths.state);
      return {
        ok: false,
        error:
          `QEMU exited during boot: ${tail(join(paths.runDir, 'qemu.log'))} ${tail(paths.console)}`.trim(),
      };
    }
    if (await sshTrue(state, 10_000)) return { ok: true, state, reused: false, loginMs: Date.now() - began };
    await new Promise((r) => setTimeout(r, 500));
  }
  await guestDown(options.variant, options.cache);
  return {
    ok: false,
    error: `the guest did not answer ssh within ${Math.round((options.timeoutMs ?? 180_000) / 1000)} s; console: ${tail(paths.console)}`,
  };
}

/** Stops the recorded QEMU (only if pid and command line still match) and removes the state. */
export async function guestDown(
  variant: GuestVariant,
  cache?: string,
): Promise<{ stopped: boolean; reason: string }> {
  const paths = guestPaths(variant, cache);
  const state = readState(paths.state);
  if (!state) return { stopped: false, reason: 'not running (no state file)' };
  if (!isOurQemu(state)) {
    removeState(paths.state);
    return { stopped: false, reason: `QEMU (pid ${state.pid}) was no longer running; state removed` };
  }
  await runProgram('ssh', ['-F', state.sshConfig, '-O', 'exit', state.alias], { timeoutMs: 5000 });
  process.kill(state.pid, 'SIGTERM');
  for (let i = 0; i < 50 && isOurQemu(state); i++) await new Promise((r) => setTimeout(r, 100));
  if (isOurQemu(state)) process.kill(state.pid, 'SIGKILL');
  removeState(paths.state);
  return { stopped: true, reason: `stopped QEMU (pid ${state.pid})` };
}

async function sshTrue(state: GuestState, timeoutMs: number): Promise<boolean> {
  const out = await runProgram(
    'ssh',
    ['-F', state.sshConfig, '-o', 'ConnectTimeout=5', state.alias, 'true'],
    { timeoutMs },
  );
  return out.code === 0;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? res(address.port) : rej(new Error('no port')),
      );
    });
  });
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ');
  } catch {
    return '';
  }
}

/** scripts/guest/build.sh of this checkout (from the sources or from dist/). */
export function buildScript(): string | undefined {
  const candidates = [
    resolve(__dirname, '../../../../scripts/guest/build.sh'),
    resolve(__dirname, '../scripts/guest/build.sh'),
    resolve(process.cwd(), 'scripts/guest/build.sh'),
  ];
  return candidates.find((c) => existsSync(c));
}

async function runBuild(
  variant: GuestVariant,
  cache: string,
  log: (l: string) => void,
): Promise<string | undefined> {
  const script = buildScript();
  if (!script)
    return 'cannot find scripts/guest/build.sh: run kpw target up from a kpw checkout, or build the guest there first';
  log(`building the guest: bash ${script} ${variant}`);
  const out = await runProgram('bash', [script, variant], {
    onStdoutLine: log,
    onStderrLine: log,
    timeoutMs: 90 * 60_000,
  });
  if (out.spawnError) return `cannot run the guest build: ${out.spawnError}`;
  return out.code === 0
    ? undefined
    : `the guest build failed (exit ${out.code ?? out.signal}); see the lines above (cache: ${cache})`;
}
