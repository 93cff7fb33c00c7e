// A FileHost that answers each question once: for building one document's
// models on every ABI from the same view of the disk. Each ABI's run stats the
// same included files and probes the same include paths; with 7 ABIs per
// keystroke those syscalls added up. Make a new snapshot per batch of builds.

import type { FileHost } from './types';

export interface SnapshotOptions {
  /** false: file texts and directory listings are read from `host` every time (not held for the
   *  run), only what a path is (exists, stat, version, real path) is answered once. A CLI run over
   *  a whole tree then resolves each path once, not once per model and ABI, without holding the
   *  tree's text. Default true. */
  contents?: boolean;
}

/** Memoizes every answer of `host` (errors are re-thrown on every call). */
export function snapshotHost(host: FileHost, options: SnapshotOptions = {}): FileHost {
  const contents = options.contents ?? true;
  const snapshot: FileHost = {
    readFile: contents ? memo(host.readFile.bind(host)) : host.readFile.bind(host),
    fileExists: memo(host.fileExists.bind(host)),
  };
  if (host.version) snapshot.version = memo(host.version.bind(host));
  if (host.stat) snapshot.stat = memo(host.stat.bind(host));
  if (host.listDir) snapshot.listDir = contents ? memo(host.listDir.bind(host)) : host.listDir.bind(host);
  // Confinement (confine.ts) still judges every path against its own roots; only the
  // answer to "where does this path lead" is reused within the run.
  if (host.realpath) snapshot.realpath = memo(host.realpath.bind(host));
  return snapshot;
}

function memo<T>(fn: (path: string) => T): (path: string) => T {
  const known = new Map<string, T>();
  return (path) => {
    if (known.has(path)) return known.get(path) as T;
    const v = fn(path);
    known.set(path, v);
    return v;
  };
}
