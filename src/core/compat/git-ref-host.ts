// A FileHost that serves the files of a git repository as they are at a ref
// (`git ls-tree` / `git cat-file`, argument arrays, no shell), and the disk for paths
// outside the repository: the "before" side of `kpw check --against REF` and
// of the editor's compatibility findings. Answers are cached per host.

import { execFileSync } from 'node:child_process';
import { dirname, relative, resolve, sep } from 'node:path';
import type { FileHost } from '../preprocess/types';
import { nodeFileHost } from '../host/node-file-host';
import { HostRefusal, LIMITS, statOf, tooLargeMessage, type DirEntry, type FileStat } from '../host/index';

/** Bytes `git show` may return for one file (a header is rarely over 1 MB). */
const MAX_FILE = 16 * 1024 * 1024;

export class GitRefError extends Error {}

/** The top directory of the work tree holding `path`, or undefined when it is not in one (or git is missing). */
export function gitTopLevel(path: string): string | undefined {
  try {
    const out = execFileSync('git', ['-C', dirname(resolve(path)), 'rev-parse', '--show-toplevel'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Refuses refs git would read as options or that name no commit. */
export function checkRef(root: string, ref: string): void {
  if (!/^[\w./~^@{}-]+$/.test(ref) || ref.startsWith('-'))
    throw new GitRefError(`'${ref}' is not a git ref kpw accepts`);
  try {
    execFileSync('git', ['-C', root, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
      stdio: 'ignore',
      timeout: 10_000,
    });
  } catch {
    throw new GitRefError(`'${ref}' names no commit in ${root}`);
  }
}

export class GitRefHost implements FileHost {
  private readonly cache = new Map<string, string | undefined>();
  /** Entries of each directory at the ref (by path relative to the top), listed once. */
  private readonly trees = new Map<string, Map<string, TreeEntry> | undefined>();

  constructor(
    readonly root: string,
    readonly ref: string,
    private readonly outside: FileHost = nodeFileHost,
  ) {}

  readFile(path: string): string | undefined {
    const rel = this.relative(path);
    if (rel === undefined) return this.outside.readFile(path);
    if (this.cache.has(rel)) return this.cache.get(rel);
    const entry = this.entry(rel);
    if (!entry) return undefined; // not in the ref (a new file)
    if (entry.kind !== 'file')
      throw new HostRefusal(
        'not-regular',
        path,
        `${path}: ${describeEntry(entry)} at ${this.ref}, not a regular file; not read`,
      );
    if (entry.size > LIMITS.headerBytes)
      throw new HostRefusal(
        'too-large',
        path,
        tooLargeMessage(path, entry.size, LIMITS.headerBytes, 'headers'),
      );
    let text: string | undefined;
    try {
      // `cat-file blob` applies no textconv filter, and fsmonitor is off: reading runs nothing the repository configures.
      text = this.git(['cat-file', 'blob', `${this.ref}:${rel}`], MAX_FILE);
    } catch {
      text = undefined;
    }
    this.cache.set(rel, text);
    return text;
  }

  fileExists(path: string): boolean {
    const rel = this.relative(path);
    return rel === undefined ? this.outside.fileExists(path) : this.entry(rel)?.kind === 'file';
  }

  version(path: string): string | undefined {
    return this.relative(path) === undefined ? this.outside.version?.(path) : `git:${this.ref}`;
  }

  // Kind, listing and real path as the ref has them: the include plan finds the
  // tree's include/uapi directories through these, reads confined to roots check real paths.
  stat(path: string): FileStat | undefined {
    const rel = this.relative(path);
    if (rel === undefined) return statOf(this.outside, path);
    const entry = this.entry(rel);
    if (!entry) return undefined;
    return {
      kind: entry.kind === 'directory' ? 'directory' : entry.kind === 'file' ? 'file' : 'other',
      size: entry.size,
    };
  }

  listDir(path: string): DirEntry[] | undefined {
    const rel = this.relative(path);
    if (rel === undefined) return this.outside.listDir?.(path);
    const entries = this.tree(rel);
    return entries && [...entries.values()].map((e) => ({ name: e.name, kind: e.kind }));
  }

  realpath(path: string): string | undefined {
    const rel = this.relative(path);
    if (rel === undefined) return this.outside.realpath?.(path);
    // A tree's paths are their own real paths (its symbolic links are never followed).
    return this.entry(rel) ? resolve(path) : undefined;
  }

  private entry(rel: string): TreeEntry | undefined {
    const slash = rel.lastIndexOf('/');
    return this.tree(slash < 0 ? '' : rel.slice(0, slash))?.get(rel.slice(slash + 1));
  }

  /** `git ls-tree -l REF:dir`: the directory's entries, undefined when it is not a directory at the ref. */
  private tree(rel: string): Map<string, TreeEntry> | undefined {
    if (this.trees.has(rel)) return this.trees.get(rel);
    let out: Map<string, TreeEntry> | undefined;
    try {
      const listing = this.git(['ls-tree', '-z', '-l', `${this.ref}:${rel}`], MAX_FILE);
      out = new Map();
      for (const line of listing.split('\0')) {
        const m = /^(\d+) (\w+) [0-9a-f]+ +(\d+|-)\t(.+)$/s.exec(line);
        if (!m) continue;
        const kind: DirEntry['kind'] =
          m[1] === '040000'
            ? 'directory'
            : m[1] === '100644' || m[1] === '100755'
              ? 'file'
              : m[1] === '120000'
                ? 'symlink'
                : 'other';
        out.set(m[4], { name: m[4], kind, size: m[3] === '-' ? 0 : Number(m[3]) });
      }
    } catch {
      out = undefined;
    }
    this.trees.set(rel, out);
    return out;
  }

  private git(args: string[], maxBuffer: number): string {
    return execFileSync('git', ['-C', this.root, '-c', 'core.fsmonitor=false', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer,
      timeout: 10_000,
    });
  }

  /** The path relative to the repository (with / separators), or undefined outside it. */
  private relative(path: string): string | undefined {
    const rel = relative(this.root, resolve(path));
    if (!rel || rel.startsWith('..') || resolve(rel) === rel) return undefined;
    return rel.split(sep).join('/');
  }
}

interface TreeEntry {
  name: string;
  kind: DirEntry['kind'];
  size: number;
}

function describeEntry(e: TreeEntry): string {
  return e.kind === 'directory' ? 'a directory' : e.kind === 'symlink' ? 'a symbolic link' : 'a submodule';
}
