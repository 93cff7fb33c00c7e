// Path confinement, done once for every reader: a confined host has roots, and
// a path is read only when its real path (links resolved) lies inside one of
// them; anything else is refused with a HostRefusal naming the path and where
// it leads, before it is opened. Which directories are roots: see README "Security".

import { resolve, sep } from 'node:path';
import { canonicalPath, statOf } from './query';
import { HostRefusal, type FileHost } from './types';

/** Whether `path` is `root` or below it (both absolute, canonical). */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The roots in canonical form, duplicates and roots inside other roots dropped (first-seen order). */
export function canonicalRoots(host: FileHost, roots: readonly string[]): string[] {
  const out = new Set<string>();
  for (const r of roots) {
    let c: string;
    try {
      c = canonicalPath(host, r);
    } catch {
      c = resolve(r);
    }
    out.add(c);
  }
  // A unit of many main files has a root per file inside a few tree roots: shortest first, each
  // root is compared with the few kept so far, not with every other root.
  const outer: string[] = [];
  for (const r of [...out].sort((a, b) => a.length - b.length))
    if (!outer.some((o) => isInside(o, r))) outer.push(r);
  const kept = new Set(outer);
  return [...out].filter((r) => kept.has(r));
}

/**
 * Throws a HostRefusal when `path` resolves outside every root; returns the
 * canonical path otherwise. `what` says which tree in the message ("the base tree").
 */
export function assertInside(
  host: FileHost,
  roots: readonly string[],
  path: string,
  what = 'the allowed roots',
): string {
  const real = canonicalPath(host, path);
  if (roots.some((r) => isInside(r, real))) return real;
  throw new HostRefusal('outside-root', path, `${path}: resolves to ${real}, outside ${what}; not read`);
}

export interface ConfinedHost extends FileHost {
  readonly roots: readonly string[];
}

/**
 * `host` with reads confined to `roots` (canonicalized here). Existence and
 * kind questions pass through (they open nothing); readFile and listDir of a
 * path leading outside throw, so the preprocessor and the walkers report it.
 */
export function confineHost(host: FileHost, roots: readonly string[], what?: string): ConfinedHost {
  const canon = canonicalRoots(host, roots);
  const checked = new Map<string, string | HostRefusal>();
  const check = (path: string): void => {
    let v = checked.get(path);
    if (v === undefined) {
      try {
        v = assertInside(host, canon, path, what ?? describeRoots(canon));
      } catch (e) {
        if (!(e instanceof HostRefusal)) throw e;
        v = e;
      }
      checked.set(path, v);
    }
    if (v instanceof HostRefusal) throw v;
  };
  const confined: ConfinedHost = {
    roots: canon,
    readFile(path) {
      // A missing file is just missing (undefined); only existing ones need a verdict.
      if (statOf(host, path) === undefined && !host.fileExists(path)) return host.readFile(path);
      check(path);
      return host.readFile(path);
    },
    fileExists: (path) => host.fileExists(path),
  };
  if (host.version) confined.version = host.version.bind(host);
  if (host.stat) confined.stat = host.stat.bind(host);
  if (host.realpath) confined.realpath = host.realpath.bind(host);
  if (host.listDir) {
    const list = host.listDir.bind(host);
    confined.listDir = (path) => {
      check(path);
      return list(path);
    };
  }
  return confined;
}

function describeRoots(roots: readonly string[]): string {
  if (roots.length === 0) return 'every allowed root (none given)';
  if (roots.length <= 3) return roots.join(', ');
  return `${roots.slice(0, 3).join(', ')} and ${roots.length - 3} more roots`;
}
