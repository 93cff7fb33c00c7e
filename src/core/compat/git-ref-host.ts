// A FileHost that serves the files of a git repository as they are at a ref
// (`git show REF:path`, argument arrays, no shell), and the disk for paths
// outside the repository: the "before" side of `kpw check --against REF` and
// of the editor's compatibility findings. Answers are cached per host.

import { execFileSync } from 'node:child_process';
import { dirname, relative, resolve, sep } from 'node:path';
import type { FileHost } from '../preprocess/types';
import { nodeFileHost } from '../host/node-file-host';

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

  constructor(
    readonly root: string,
    readonly ref: string,
    private readonly outside: FileHost = nodeFileHost,
  ) {}

  readFile(path: string): string | undefined {
    const rel = this.relative(path);
    if (rel === undefined) return this.outside.readFile(path);
    if (this.cache.has(rel)) return this.cache.get(rel);
    let text: string | undefined;
    try {
      // No textconv filters and no fsmonitor hook: reading a blob runs nothing the repository configures.
      text = execFileSync(
        'git',
        ['-C', this.root, '-c', 'core.fsmonitor=false', 'show', '--no-textconv', `${this.ref}:${rel}`],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
          maxBuffer: MAX_FILE,
          timeout: 10_000,
        },
      );
    } catch {
      text = undefined; // not in the ref (a new file), or a directory
    }
    this.cache.set(rel, text);
    return text;
  }

  fileExists(path: string): boolean {
    return this.relative(path) === undefined
      ? this.outside.fileExists(path)
      : this.readFile(path) !== undefined;
  }

  version(path: string): string | undefined {
    return this.relative(path) === undefined ? this.outside.version?.(path) : `git:${this.ref}`;
  }

  /** The path relative to the repository (with / separators), or undefined outside it. */
  private relative(path: string): string | undefined {
    const rel = relative(this.root, resolve(path));
    if (!rel || rel.startsWith('..') || resolve(rel) === rel) return undefined;
    return rel.split(sep).join('/');
  }
}
