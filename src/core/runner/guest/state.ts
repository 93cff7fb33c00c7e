// The running guest's state file (pid, port, ssh config) and the checks that
// a recorded pid is still our QEMU (a pid may be reused by another program,
// which must never be signaled).

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { GuestVariant } from './paths';

export interface GuestState {
  variant: GuestVariant;
  pid: number;
  port: number;
  alias: string;
  sshConfig: string;
  console: string;
  device: string;
  kernelRelease: string;
  startedAt: string;
}

export function parseState(text: string): GuestState | undefined {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    const ints = ['pid', 'port'].every((k) => Number.isSafeInteger(o[k]) && (o[k] as number) > 0);
    const strs = ['variant', 'alias', 'sshConfig', 'console', 'device', 'kernelRelease', 'startedAt'].every(
      (k) => typeof o[k] === 'string',
    );
    return ints && strs ? (o as unknown as GuestState) : undefined;
  } catch {
    return undefined;
  }
}

export function readState(file: string): GuestState | undefined {
  return existsSync(file) ? parseState(readFileSync(file, 'utf8')) : undefined;
}

export function writeState(file: string, state: GuestState): void {
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}

export function removeState(file: string): void {
  rmSync(file, { force: true });
}

/** True when `pid` runs QEMU with this guest's console log on its command line. */
export function isOurQemu(state: Pick<GuestState, 'pid' | 'console'>): boolean {
  try {
    process.kill(state.pid, 0);
    const cmdline = readFileSync(`/proc/${state.pid}/cmdline`, 'utf8').split('\0');
    return cmdline[0].endsWith('qemu-system-s390x') && cmdline.some((a) => a.includes(state.console));
  } catch {
    return false;
  }
}
