// The FileHost over node:fs: regular files only (refused by type before they
// are opened), size-capped, version stamp = size + mtime. Every disk read of
// the core and the faces goes through here (see ./read-regular.ts).

import * as fs from 'node:fs';
import { LIMITS } from './limits';
import { readRegularText, statOrUndefined } from './read-regular';
import { HostRefusal, type DirEntry, type FileHost, type FileKind, type FileStat } from './types';

export interface NodeHostOptions {
  /** Files above this many bytes are refused (default: the header limit). */
  maxBytes?: number;
  /** Names the limit in messages ("headers", "scenarios"). */
  what?: string;
}

export function createNodeFileHost(options: NodeHostOptions = {}): FileHost {
  const maxBytes = options.maxBytes ?? LIMITS.headerBytes;
  const what = options.what ?? 'headers';
  return {
    readFile: (path) => readRegularText(path, maxBytes, what),
    fileExists: (path) => quietStat(path)?.kind === 'file',
    version(path) {
      const st = quietRawStat(path);
      return st?.isFile() ? `${st.size}:${st.mtimeMs}` : undefined;
    },
    stat: quietStat,
    listDir,
    realpath,
  };
}

/** The default disk host (header size limit). */
export const nodeFileHost: FileHost = createNodeFileHost();

function quietRawStat(path: string): fs.Stats | undefined {
  try {
    return statOrUndefined(path);
  } catch {
    return undefined;
  }
}

function quietStat(path: string): FileStat | undefined {
  const st = quietRawStat(path);
  if (!st) return undefined;
  return { kind: st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other', size: st.size };
}

function listDir(path: string): DirEntry[] | undefined {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path, { withFileTypes: true });
  } catch {
    return undefined;
  }
  return entries
    .map((e) => ({ name: e.name, kind: direntKind(e) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function direntKind(e: fs.Dirent): FileKind {
  if (e.isSymbolicLink()) return 'symlink';
  if (e.isFile()) return 'file';
  if (e.isDirectory()) return 'directory';
  return 'other';
}

function realpath(path: string): string | undefined {
  try {
    return fs.realpathSync.native(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new HostRefusal('link-loop', path, `${path}: symbolic link loop`);
    return undefined;
  }
}
