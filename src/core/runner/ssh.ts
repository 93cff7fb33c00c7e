// The ssh transport: argument arrays for the system OpenSSH client (so the
// user's ssh config, agents, ProxyJump and ControlMaster keep working), and
// the translation of ssh's failures into problems a user can act on.

import { runProgram, type SpawnOptions, type SpawnOutcome } from './spawn';
import type { TargetConfig, TargetProblem } from './types';
import { parseDestination } from './validate';

/** Options common to ssh and scp. Never touches host key checking: the user's config decides. */
function commonOptions(config: TargetConfig): string[] {
  return [...(config.sshConfig ? ['-F', config.sshConfig] : []), '-o', 'BatchMode=yes'];
}

/** A URI destination (ssh://user@host:port) as separate words: `-p PORT` and `user@host`. */
export function sshArgs(config: TargetConfig, remoteCommand: string): string[] {
  const d = destinationOf(config);
  return [
    ...commonOptions(config),
    ...(d.port ? ['-p', String(d.port)] : []),
    '-T',
    '--',
    d.login,
    remoteCommand,
  ];
}

export function scpArgs(config: TargetConfig, localFiles: string[], remotePath: string): string[] {
  const d = destinationOf(config);
  return [
    ...commonOptions(config),
    ...(d.port ? ['-P', String(d.port)] : []),
    '-q',
    '--',
    ...localFiles,
    `${d.scpHost}:${remotePath}`,
  ];
}

function destinationOf(config: TargetConfig): { login: string; scpHost: string; port?: number } {
  // checkTarget ran first; an unparsable destination here is passed as given (ssh refuses it).
  const d = parseDestination(config.destination);
  if (!d) return { login: config.destination, scpHost: config.destination };
  const user = d.user ? `${d.user}@` : '';
  const host = d.host.includes(':') ? `[${d.host}]` : d.host;
  return { login: `${user}${d.host}`, scpHost: `${user}${host}`, port: d.port };
}

export function ssh(
  config: TargetConfig,
  remoteCommand: string,
  options: SpawnOptions = {},
): Promise<SpawnOutcome> {
  return runProgram('ssh', sshArgs(config, remoteCommand), options);
}

export function scp(
  config: TargetConfig,
  localFiles: string[],
  remotePath: string,
  options: SpawnOptions = {},
): Promise<SpawnOutcome> {
  return runProgram('scp', scpArgs(config, localFiles, remotePath), options);
}

/** ssh exits 255 for its own failures; its stderr says which. */
export function transportProblem(
  outcome: SpawnOutcome,
  what: string,
  destination: string,
): TargetProblem | undefined {
  if (outcome.spawnError) return { kind: 'transport', message: `${what}: ${outcome.spawnError}` };
  if (outcome.overflow) return { kind: 'output-limit', message: `${what}: ${outcome.overflow.message}` };
  if (outcome.aborted) return { kind: 'cancelled', message: `${what}: cancelled` };
  if (outcome.timedOut) return { kind: 'timeout', message: `${what}: no answer from ${destination} in time` };
  if (outcome.code !== 255) return undefined;
  const err = outcome.stderr;
  const last = err
    .trim()
    .split('\n')
    .filter((l) => l && !l.startsWith('Warning: Permanently added'))
    .pop();
  if (!last)
    return {
      kind: 'transport',
      message: `${what}: ssh to ${destination} ended with status 255 and no message: the connection was probably lost`,
    };
  if (
    /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|No (ED25519|RSA|ECDSA)? ?host key is known/i.test(
      err,
    )
  ) {
    return {
      kind: 'host-key',
      message: `${what}: the host key of ${destination} could not be verified (unknown or changed; check known_hosts): ${last}`,
    };
  }
  if (
    /Permission denied|Too many authentication failures|no matching (key exchange|host key type)/i.test(err)
  )
    return { kind: 'auth', message: `${what}: authentication to ${destination} failed: ${last}` };
  if (
    /Connection refused|Could not resolve|No route to host|timed out|Connection closed|Network is unreachable|Connection reset/i.test(
      err,
    )
  ) {
    return { kind: 'unreachable', message: `${what}: ${destination} is unreachable: ${last}` };
  }
  return { kind: 'transport', message: `${what}: ssh to ${destination} failed: ${last}` };
}
