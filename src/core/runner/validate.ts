// Input checks for everything that reaches ssh's argv or the remote shell:
// destinations, device addresses and runner words. ssh joins its remote
// command into one string for the login shell, so every remote word is quoted.

import type { TargetConfig } from './types';

const DESTINATION = /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,254}$/;
const BDF = /^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$/;
const DEV_PATH = /^\/dev\/[A-Za-z0-9_./-]{1,200}$/;
const WORD = /^[A-Za-z0-9_./=:+,%@-]{1,200}$/;

const URI =
  /^ssh:\/\/(?:([A-Za-z0-9_][A-Za-z0-9_.-]{0,63})@)?([A-Za-z0-9_][A-Za-z0-9_.-]{0,252}|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?\/?$/;

/** An ssh destination taken apart: `host`, `user@host`, or OpenSSH's URI form `ssh://[user@]host[:port]`. */
export interface SshDestination {
  user?: string;
  /** A host name, alias or address (an IPv6 address without its brackets). */
  host: string;
  port?: number;
}

/** The destination's parts, or undefined when it is not an acceptable destination. */
export function parseDestination(destination: string): SshDestination | undefined {
  if (DESTINATION.test(destination)) {
    const at = destination.lastIndexOf('@');
    if (at < 0) return { host: destination };
    const user = destination.slice(0, at);
    const host = destination.slice(at + 1);
    return user && host ? { user, host } : undefined;
  }
  const m = URI.exec(destination);
  if (!m) return undefined;
  const port = m[3] === undefined ? undefined : Number(m[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const host = m[2].startsWith('[') ? m[2].slice(1, -1) : m[2];
  return { user: m[1], host, port };
}

/** Why the configuration cannot be used, or undefined when it can. Nothing is spawned before this passes. */
export function checkTarget(config: TargetConfig): string | undefined {
  if (!parseDestination(config.destination))
    return `refusing ssh destination ${JSON.stringify(config.destination)}: give host, user@host or ssh://[user@]host[:port] (letters, digits and . _ -; a port 1-65535), not starting with '-'`;
  if (
    config.device !== undefined &&
    !BDF.test(config.device) &&
    !(DEV_PATH.test(config.device) && !config.device.includes('..'))
  ) {
    return `refusing device ${JSON.stringify(config.device)}: give a PCI address like 0000:00:00.0 (or a /dev path)`;
  }
  if (
    config.sshConfig !== undefined &&
    (config.sshConfig.startsWith('-') || /[\n\r\0]/.test(config.sshConfig))
  )
    return `refusing ssh config path ${JSON.stringify(config.sshConfig)}`;
  const prefix = config.runnerPrefix ?? [];
  if (prefix.length && prefix[0].startsWith('-'))
    return `refusing runner prefix: its first word ${JSON.stringify(prefix[0])} starts with '-'`;
  const bad = prefix.find((w) => !WORD.test(w));
  if (bad !== undefined)
    return `refusing runner prefix word ${JSON.stringify(bad)}: only letters, digits and . _ / = : + , % @ - are allowed`;
  return undefined;
}

/** One word for a POSIX shell, single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:+,%@-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A remote temp dir as `mktemp -d /tmp/kpw-probe.XXXXXXXX` makes it; anything else is refused. */
export function isRemoteTempDir(path: string): boolean {
  return /^\/tmp\/kpw-probe\.[A-Za-z0-9]{8}$/.test(path);
}
