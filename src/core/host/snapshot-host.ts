// A FileHost that answers each question once: for building one document's
// models on every ABI from the same view of the disk. Each ABI's run stats the
// same included files and probes the same include paths; with 7 ABIs per
// keystroke those syscalls added up. Make a new snapshot per batch of builds.

import type { FileHost } from './types';

/** Memoizes every answer of `host` (errors are re-thrown on every call). */
export function snapshotHost(host: FileHost): FileHost {
  const snapshot: FileHost = {
    readFile: memo(host.readFile.bind(host)),
    fileExists: memo(host.fileExists.bind(host)),
  };
  if (host.version) snapshot.version = memo(host.version.bind(host));
  if (host.stat) snapshot.stat = memo(host.stat.bind(host));
  if (host.listDir) snapshot.listDir = memo(host.listDir.bind(host));
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
