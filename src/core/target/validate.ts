// Input checks for everything that reaches ssh's argv or the remote shell:
// destinations, device addresses and runner words. ssh joins its remote
// command into one string for the login shell, so every remote word is quoted.

import type { TargetConfig } from './types';

const DESTINATION = /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,254}$/;
const BDF = /^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$/;
const DEV_PATH = /^\/dev\/[A-Za-z0-9_./-]{1,200}$/;
const WORD = /^[A-Za-z0-9_./=:+,%@-]{1,200}$/;

/** Why the configuration cannot be used, or undefined when it can. Nothing is spawned before this passes. */
export function checkTarget(config: TargetConfig): string | undefined {
  if (!DESTINATION.test(config.destination)) return `refusing ssh destination ${JSON.stringify(config.destination)}: only letters, digits and . _ - @ are allowed, and it may not start with '-'`;
  if (config.device !== undefined && !BDF.test(config.device) && !(DEV_PATH.test(config.device) && !config.device.includes('..'))) {
    return `refusing device ${JSON.stringify(config.device)}: give a PCI address like 0000:00:00.0 (or a /dev path)`;
  }
  if (config.sshConfig !== undefined && (config.sshConfig.startsWith('-') || /[\n\r\0]/.test(config.sshConfig))) return `refusing ssh config path ${JSON.stringify(config.sshConfig)}`;
  const prefix = config.runnerPrefix ?? [];
  if (prefix.length && prefix[0].startsWith('-')) return `refusing runner prefix: its first word ${JSON.stringify(prefix[0])} starts with '-'`;
  const bad = prefix.find((w) => !WORD.test(w));
  if (bad !== undefined) return `refusing runner prefix word ${JSON.stringify(bad)}: only letters, digits and . _ / = : + , % @ - are allowed`;
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
