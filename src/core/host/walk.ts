// Walks a directory tree through a FileHost for `kpw check DIR`: collects the
// files a caller accepts without ever leaving the tree. Links are resolved,
// never followed out: one leading outside, a dangling one, a loop, a FIFO or a
// device becomes a problem naming it; depth and file count are bounded.

import { join } from 'node:path';
import { canonicalRoots, isInside } from './confine';
import { LIMITS } from './limits';
import { canonicalPath, statOf } from './query';
import { HostRefusal, type FileHost } from './types';

export interface WalkProblem {
  path: string;
  message: string;
}

export interface WalkResult {
  /** Accepted regular files, in walk order (sorted per directory), each once. */
  files: string[];
  problems: WalkProblem[];
  /** True when the walk stopped at LIMITS.walkFiles, or skipped a subtree deeper than LIMITS.walkDepth. */
  truncated: boolean;
}

export interface WalkOptions {
  maxFiles?: number;
  maxDepth?: number;
}

/** The files under `dir` whose names `accept` takes; never reads them, never leaves `dir`. */
export function walkTree(
  host: FileHost,
  dir: string,
  accept: (name: string) => boolean,
  options: WalkOptions = {},
): WalkResult {
  const maxFiles = options.maxFiles ?? LIMITS.walkFiles;
  const maxDepth = options.maxDepth ?? LIMITS.walkDepth;
  const [root] = canonicalRoots(host, [dir]);
  const out: WalkResult = { files: [], problems: [], truncated: false };
  const seen = new Set<string>();
  const problem = (path: string, message: string): void =>
    void out.problems.push({ path, message: `${path}: ${message}` });

  let stopped = false;
  const visit = (path: string, depth: number): void => {
    if (stopped) return;
    if (depth > maxDepth) {
      // Only this subtree is skipped; the rest of the walk goes on.
      out.truncated = true;
      return problem(path, `deeper than ${maxDepth} directories; the walk stopped here`);
    }
    const entries = host.listDir?.(path);
    if (!entries) return problem(path, 'cannot list this directory');
    for (const e of entries) {
      if (stopped) return;
      const full = join(path, e.name);
      if (e.kind === 'directory') {
        visit(full, depth + 1);
        continue;
      }
      if (e.kind === 'symlink') {
        // Resolved, never followed out: any link leading outside is named; links to directories
        // inside are skipped (their targets are walked where they are).
        const target = resolveLink(host, full);
        if ('problem' in target) {
          if (accept(e.name)) problem(full, target.problem);
        } else if (!isInside(root, target.real))
          problem(full, `a symbolic link leading outside ${dir} (to ${target.real}); not followed`);
        else if (!accept(e.name) || target.kind === 'directory') continue;
        else if (target.kind !== 'file')
          problem(full, 'a symbolic link to a device, FIFO or socket; not read');
        else add(target.real, full);
        continue;
      }
      if (!accept(e.name)) continue;
      if (e.kind === 'other') {
        problem(full, 'not a regular file (a device, FIFO or socket); not read');
        continue;
      }
      add(full, full);
    }
  };
  const add = (real: string, path: string) => {
    if (seen.has(real)) return;
    seen.add(real);
    if (out.files.length >= maxFiles) {
      stopped = out.truncated = true;
      return problem(dir, `more than ${maxFiles} files; the walk stopped (name fewer)`);
    }
    out.files.push(path);
  };
  visit(dir, 0);
  return out;
}

type LinkTarget = { real: string; kind: 'file' | 'directory' | 'other' } | { problem: string };

function resolveLink(host: FileHost, path: string): LinkTarget {
  let real: string | undefined;
  try {
    real = host.realpath ? host.realpath(path) : canonicalPath(host, path);
  } catch (e) {
    if (e instanceof HostRefusal) return { problem: 'a symbolic link loop; not followed' };
    throw e;
  }
  if (real === undefined) return { problem: 'a dangling symbolic link (its target does not exist); skipped' };
  const st = statOf(host, real);
  if (!st) return { problem: 'a dangling symbolic link (its target does not exist); skipped' };
  return { real, kind: st.kind };
}
