// Questions asked of any FileHost, answered by its optional members when it
// has them and from readFile/fileExists alone when it does not (in-memory
// hosts): never from the disk behind the host's back.

import { dirname, join, resolve } from 'node:path';
import type { DirEntry, FileHost, FileStat } from './types';

export function statOf(host: FileHost, path: string): FileStat | undefined {
  if (host.stat) return host.stat(path);
  return host.fileExists(path) ? { kind: 'file', size: 0 } : undefined;
}

export function isDirectory(host: FileHost, path: string): boolean {
  try {
    return statOf(host, path)?.kind === 'directory';
  } catch {
    return false;
  }
}

/** Whether anything (a file or a directory) is at path. */
export function pathExists(host: FileHost, path: string): boolean {
  try {
    return statOf(host, path) !== undefined;
  } catch {
    return false;
  }
}

export function listDir(host: FileHost, path: string): DirEntry[] | undefined {
  return host.listDir?.(path);
}

/**
 * The canonical form of `path`: links resolved as far as the path exists, the
 * missing rest appended (a file a patch adds has no real path yet). Throws a
 * HostRefusal on a link loop.
 */
export function canonicalPath(host: FileHost, path: string): string {
  const abs = resolve(path);
  if (!host.realpath) return abs;
  const real = host.realpath(abs);
  if (real !== undefined) return real;
  const parent = dirname(abs);
  if (parent === abs) return abs;
  return join(canonicalPath(host, parent), abs.slice(parent.length + (parent.endsWith('/') ? 0 : 1)));
}
