// The two header sets the abidiff oracle compares, per ABI: Debian's installed
// 6.1 UAPI headers (linux-libc-dev for x86_64, linux-libc-dev-*-cross for the
// others) and linux-libc-dev 7.3 from trixie-backports, unpacked by
// scripts/compat/fetch-headers.sh into ~/.cache/kpw/compat/headers/<version>.

import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getAbi } from '../../../src/core/abi/index';
import type { OracleAbi } from '../oracle/abis';

/** Headers compared: vfio and its zPCI capability, and headers that grew by the rules between 6.1 and 7.3.
 *  Each must compile alone with a cross gcc that has no libc headers (fuse.h and vhost.h include <stdint.h>: left out). */
export const HEADERS = [
  'linux/vfio.h',
  'linux/vfio_zdev.h',
  'linux/io_uring.h',
  'linux/perf_event.h',
  'linux/fs.h',
  'linux/openat2.h',
  'linux/kvm.h',
  'linux/mount.h',
];

export interface HeaderSet {
  /** The include root holding linux/ (and, for the new set, <multiarch>/asm). */
  root: string;
  /** Extra -I directories for gcc (the new set's asm/ for this ABI), in order. */
  gccIncludes: string[];
  label: string;
}

/** The unpacked newer linux-libc-dev include root, or undefined when not fetched. */
export function newHeaderRoot(): string | undefined {
  const base =
    process.env.KPW_COMPAT_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kpw', 'compat');
  const dir = join(base, 'headers');
  if (!existsSync(dir)) return undefined;
  const versions = readdirSync(dir).filter(
    (v) => /^7\.\d+/.test(v) && existsSync(join(dir, v, 'usr/include/linux')),
  );
  const newest = versions.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop();
  return newest && join(dir, newest, 'usr/include');
}

export function oldSet(abi: OracleAbi): HeaderSet {
  const root = abi.name === 'x86_64' ? '/usr/include' : `/usr/${abi.triple}/include`;
  return { root, gccIncludes: [], label: 'Debian 6.1' };
}

export function newSet(abi: OracleAbi, root: string): HeaderSet {
  const multiarch = getAbi(abi.name)?.multiarch ?? abi.triple;
  return {
    root,
    gccIncludes: [root, join(root, multiarch)],
    label: root.split('/').slice(-3, -2)[0] ?? 'new',
  };
}
