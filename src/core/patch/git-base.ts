// A base tree read from a git commit instead of a directory (`--base REF`), for
// `b4 prep --check`, where the work tree already holds the series and the base
// is the fork point: files come from `git ls-tree` / `git cat-file`, run with
// argument arrays (no shell), and only regular blobs under the repository are served:
// a symbolic link (mode 120000) or a submodule (160000) at the ref is refused by name,
// never followed as a path, and a blob's size is checked before `cat-file` reads it.

import { execFileSync } from 'node:child_process';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FileHost } from '../preprocess/types';
import { HostRefusal, tooLargeMessage } from '../host/index';

export interface GitBase {
  /** The repository's top directory: patch paths are resolved under it. */
  dir: string;
  /** The commit the ref named (full id). */
  commit: string;
  host: FileHost;
}

import { GIT_TIMEOUT_MS, MAX_GIT_BLOB_BYTES as MAX_BLOB_BYTES } from '../limits';

/** The commit `ref` names in the repository around `cwd`; undefined when it names none. */
export function resolveGitBase(ref: string, cwd: string, fallback: FileHost): GitBase | undefined {
  // A ref starting with '-' would read as an option to git.
  if (ref.startsWith('-') || ref.includes('\0')) return undefined;
  const git = (args: string[], maxBuffer = 1024 * 1024) =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer,
      timeout: GIT_TIMEOUT_MS,
    });
  let dir: string;
  let commit: string;
  try {
    dir = git(['rev-parse', '--show-toplevel']).trim();
    commit = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).trim();
  } catch {
    return undefined;
  }
  if (!dir || !/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
  let blobs: Set<string> | undefined;
  /** Entries that are not regular files (links, submodules), kept to refuse them by name. */
  const others = new Map<string, string>();
  const sizes = new Map<string, number>();
  const files = (): Set<string> => {
    if (blobs) return blobs;
    blobs = new Set();
    // Regular files only (modes 100644/100755): symlinks and submodules are never served.
    const listing = git(['ls-tree', '-r', '-z', '-l', '--full-tree', commit], 512 * 1024 * 1024);
    for (const entry of listing.split('\0')) {
      const m = /^(\d+) (\w+) [0-9a-f]+ +(\d+|-)\t(.+)$/s.exec(entry);
      if (!m) continue;
      if (m[1] === '100644' || m[1] === '100755') {
        blobs.add(m[4]);
        sizes.set(m[4], Number(m[3]));
      } else
        others.set(
          m[4],
          m[1] === '120000' ? 'a symbolic link' : m[1] === '160000' ? 'a submodule' : `mode ${m[1]}`,
        );
    }
    return blobs;
  };
  let dirs: Set<string> | undefined;
  const directories = (): Set<string> => {
    if (dirs) return dirs;
    dirs = new Set(['']);
    for (const f of files())
      for (let i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
    return dirs;
  };
  const inRepo = (path: string): string | undefined => {
    const rel = relative(dir, resolve(path));
    if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
    return rel.split(sep).join('/');
  };
  const cache = new Map<string, string | undefined>();
  const host: FileHost = {
    readFile(path) {
      const rel = inRepo(path);
      if (rel === undefined) return fallback.readFile(path);
      if (cache.has(rel)) return cache.get(rel);
      if (!files().has(rel)) {
        const kind = others.get(rel);
        if (kind)
          throw new HostRefusal(
            'not-regular',
            path,
            `${path}: ${kind} at ${ref}, not a regular file; not read (links in a git tree are never followed)`,
          );
        cache.set(rel, undefined);
        return undefined;
      }
      const size = sizes.get(rel) ?? 0;
      if (size > MAX_BLOB_BYTES)
        throw new HostRefusal('too-large', path, tooLargeMessage(path, size, MAX_BLOB_BYTES, 'headers'));
      let text: string;
      try {
        text = git(['cat-file', 'blob', `${commit}:${rel}`], MAX_BLOB_BYTES + 1);
      } catch (e) {
        throw new HostRefusal(
          'not-regular',
          path,
          `${path}: git cat-file failed at ${ref}: ${(e as Error).message}`,
        );
      }
      cache.set(rel, text);
      return text;
    },
    fileExists(path) {
      const rel = inRepo(path);
      // A link or submodule "exists" so that an include naming it is refused by readFile with
      // its reason (as a link on disk is), not reported as missing.
      return rel === undefined ? fallback.fileExists(path) : files().has(rel) || others.has(rel);
    },
    version(path) {
      return inRepo(path) === undefined ? fallback.version?.(path) : `git:${commit}`;
    },
    // Directory questions inside the repository are answered from the commit's tree (the
    // include-directory plan asks them); outside it, from the fallback (e.g. /usr/include).
    stat(path) {
      const rel = inRepo(path);
      if (rel === undefined) return fallback.stat?.(path);
      if (files().has(rel)) return { kind: 'file', size: sizes.get(rel) ?? 0 };
      if (others.has(rel)) return { kind: 'other', size: 0 };
      return directories().has(rel) ? { kind: 'directory', size: 0 } : undefined;
    },
    listDir(path) {
      const rel = inRepo(path);
      if (rel === undefined) return fallback.listDir?.(path);
      if (!directories().has(rel)) return undefined;
      const prefix = rel === '' ? '' : `${rel}/`;
      const names = new Map<string, 'file' | 'directory'>();
      for (const f of files()) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length);
        const slash = rest.indexOf('/');
        names.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'file' : 'directory');
      }
      return [...names].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, kind]) => ({ name, kind }));
    },
    realpath(path) {
      const rel = inRepo(path);
      if (rel === undefined) return fallback.realpath?.(path);
      return files().has(rel) || directories().has(rel) ? resolve(path) : undefined;
    },
  };
  return { dir, commit, host };
}
