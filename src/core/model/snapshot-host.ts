// A FileHost that answers each question once: for building one document's
// models on every ABI from the same view of the disk. Each ABI's run stats the
// same included files and probes the same include paths; with 7 ABIs per
// keystroke those syscalls added up. Make a new snapshot per batch of builds.

import type { FileHost } from '../preprocess/types';

const MISSING = Symbol('missing');

/** Memoizes readFile, fileExists and version of `host` (errors are re-thrown on every call). */
export function snapshotHost(host: FileHost): FileHost {
  const texts = new Map<string, string | undefined | typeof MISSING>();
  const exists = new Map<string, boolean>();
  const versions = new Map<string, string | undefined>();
  const snapshot: FileHost = {
    readFile(path) {
      const known = texts.get(path);
      if (known !== undefined) return known === MISSING ? undefined : known;
      const text = host.readFile(path);
      texts.set(path, text ?? MISSING);
      return text;
    },
    fileExists(path) {
      let v = exists.get(path);
      if (v === undefined) exists.set(path, (v = host.fileExists(path)));
      return v;
    },
  };
  if (host.version) {
    const version = host.version.bind(host);
    snapshot.version = (path) => {
      if (versions.has(path)) return versions.get(path);
      const v = version(path);
      versions.set(path, v);
      return v;
    };
  }
  return snapshot;
}
