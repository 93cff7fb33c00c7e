// Where the s390x test guest lives on disk: the cache directory (built by
// scripts/guest/build.sh, keyed by versions and config hashes), the manifest
// each build writes, and the per-variant run directory with state and logs.

import { homedir } from 'node:os';
import { join } from 'node:path';

export type GuestVariant = '7.3' | 'absent';
export const GUEST_VARIANTS: readonly GuestVariant[] = ['7.3', 'absent'];

/** The zPCI function's address inside the guest (uid 1, fid 1 on QEMU's zPCI bus). */
export const GUEST_DEVICE = '0001:00:00.0';
/** One host key alias for every variant: they share the baked-in host key. */
export const GUEST_HOST_KEY_ALIAS = 'kpw-test-guest';

export function isGuestVariant(v: string): v is GuestVariant {
  return (GUEST_VARIANTS as readonly string[]).includes(v);
}

/** `${KPW_GUEST_CACHE}` or `${XDG_CACHE_HOME:-~/.cache}/kpw/guest`, the same rule as the shell scripts. */
export function guestCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KPW_GUEST_CACHE) return env.KPW_GUEST_CACHE;
  const base =
    env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/')
      ? env.XDG_CACHE_HOME
      : join(env.HOME || homedir(), '.cache');
  return join(base, 'kpw', 'guest');
}

export interface GuestPaths {
  cache: string;
  manifest: string;
  runDir: string;
  state: string;
  console: string;
  sshConfig: string;
  knownHosts: string;
}

export function guestPaths(variant: GuestVariant, cache = guestCacheDir()): GuestPaths {
  const runDir = join(cache, 'run', variant);
  return {
    cache,
    manifest: join(cache, `manifest-${variant}.json`),
    runDir,
    state: join(runDir, 'state.json'),
    console: join(runDir, 'console.log'),
    sshConfig: join(runDir, 'ssh_config'),
    knownHosts: join(cache, 'run', 'known_hosts'),
  };
}

/** The ssh Host alias of a variant's guest. */
export function guestAlias(variant: GuestVariant): string {
  return `kpw-guest-${variant}`;
}
