// Test harness: a private sshd on 127.0.0.1 (own host key, key-only auth, the
// current user), a client config of the test's own with ControlMaster, and
// checks for the programs the target tests need (skipped when missing).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';
export const ALIAS = 'kpw-test-target';

/** Why the ssh tests cannot run here, or undefined. */
export function missingTools(): string | undefined {
  const need: [string, string][] = [
    [SSHD, 'openssh-server'],
    ['ssh', 'openssh-client'],
    ['scp', 'openssh-client'],
    ['ssh-keygen', 'openssh-client'],
    ['qemu-s390x-static', 'qemu-user-static'],
    ['s390x-linux-gnu-gcc', 'gcc-s390x-linux-gnu'],
  ];
  const missing = need.filter(([p]) => !onPath(p));
  if (!missing.length) return undefined;
  const why = `missing ${missing.map(([p, pkg]) => `${p} (${pkg})`).join(', ')}`;
  // CI installs every tool (scripts/system-packages.txt): there a missing one is a failure, not a skip.
  if (process.env.CI === 'true') throw new Error(`CI=true but the ssh tests cannot run: ${why}`);
  return `skipped: ${why}`;
}

function onPath(program: string): boolean {
  if (program.startsWith('/')) return existsSync(program);
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], { stdio: 'ignore' }).status === 0;
}

export interface TestSshd {
  dir: string;
  port: number;
  clientConfig: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startSshd(): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-sshd-'));
  const keygen = (file: string) =>
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kpw-test', '-f', join(dir, file)], {
      stdio: 'ignore',
    });
  keygen('host_key');
  keygen('client_key');
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  writeFileSync(
    join(dir, 'known_hosts'),
    `${ALIAS} ${readFileSync(join(dir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`,
  );
  // sshd started as root insists on its privilege separation directory.
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const port = await freePort();
  const user = userInfo().username;
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${dir}/host_key`,
      `PidFile ${dir}/sshd.pid`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'Subsystem sftp internal-sftp',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      '',
    ].join('\n'),
  );
  const clientConfig = join(dir, 'ssh_config');
  writeFileSync(clientConfig, clientConfigText(dir, port, user, true));
  const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  if (!(await waitForBanner(port, child))) {
    child.kill('SIGTERM');
    throw new Error(`sshd did not come up on 127.0.0.1:${port}: ${log}`);
  }
  return { dir, port, clientConfig, stop: () => stopSshd(child, clientConfig, dir) };
}

export function clientConfigText(dir: string, port: number, user: string, controlMaster: boolean): string {
  const lines = [
    `Host ${ALIAS}`,
    '  HostName 127.0.0.1',
    `  Port ${port}`,
    `  User ${user}`,
    `  IdentityFile ${dir}/client_key`,
    '  IdentitiesOnly yes',
    '  BatchMode yes',
    `  HostKeyAlias ${ALIAS}`,
    `  UserKnownHostsFile ${dir}/known_hosts`,
    '  StrictHostKeyChecking yes',
    '  LogLevel ERROR',
  ];
  if (controlMaster) lines.push('  ControlMaster auto', `  ControlPath ${dir}/cm-%C`, '  ControlPersist 60');
  return `${lines.join('\n')}\n`;
}

/** Polls the port until sshd's banner arrives: at most 200 tries, 25 ms apart. */
async function waitForBanner(port: number, child: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 200 && child.exitCode === null; i++) {
    if (await bannerOnce(port)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

function bannerOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('data', (d) => done(d.toString().startsWith('SSH-')));
    socket.once('error', () => done(false));
  });
}

async function stopSshd(child: ChildProcess, clientConfig: string, dir: string): Promise<void> {
  spawnSync('ssh', ['-F', clientConfig, '-O', 'exit', ALIAS], { stdio: 'ignore', timeout: 5000 });
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
}
