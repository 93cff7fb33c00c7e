// V8 code cache for a bundle (Node 20 has no module.enableCompileCache), shared by both process
// entries: the CLI (bin/kpw -> dist/cli-launch.js) and the language server (dist/server.js).
// Bytecode of the bundle's own functions only, in $KPW_CACHE_DIR (the extension's global
// storage) or ~/.cache/kpw/code-cache, keyed by the bundle's place, Node, arch, bundle mtime/size
// and V8 flags (a rebuilt bundle never reads an old one; two installs, say a global `kpw` and a
// clone's, keep one cache each instead of deleting each other's on every run), and checked
// against its SHA-256 before V8 sees it.

import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

export interface CachedBundle {
  /** Runs the bundle once and returns its exports. */
  run<T>(): T;
  /** Writes the cache (with every function compiled so far) after a moment of quiet, or at exit
   *  if that comes first; once, and only when there was no usable cache. */
  saveWhenIdle(): void;
  /** Writes the cache at exit (a CLI run: every function the command compiled is in it by then);
   *  only when there was no usable cache. */
  saveAtExit(): void;
  /** True when this run will write the cache (there was none usable) and its directory is
   *  writable: the moment to compile more into it (cli-warm-up.ts). */
  willSave(): boolean;
}

/** Which cache: `prefix` names the program (`server`, `cli-check`: one per CLI subcommand, each
 *  holding the functions its own runs compiled); `v8Flags`, flags set at run time (not in execArgv). */
export interface CacheName {
  prefix: string;
  v8Flags?: string;
}

/** The cache file for `bundle` under this Node and these flags. */
export function codeCachePath(bundle: string, name: CacheName, env = process.env): string {
  return cacheFilePath(
    bundle,
    name.prefix,
    `${process.execArgv.join(' ')}|${name.v8Flags ?? ''}`,
    '.bin',
    env,
  );
}

/** A file in the cache directory for `bundle` under this Node: `${prefix}-${place}-${key}${ext}`,
 *  the key made of Node's version, arch, the bundle's mtime and size and a hash of `flags`. Also
 *  the name of the language server's startup snapshot (snapshot.ts), whose flags are the server's. */
export function cacheFilePath(
  bundle: string,
  prefix: string,
  flagsText: string,
  ext: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const stat = statSync(bundle);
  const base = env.KPW_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kpw');
  const flags = createHash('sha256').update(flagsText).digest('hex').slice(0, 8);
  const key = `${process.version}-${process.arch}-${Math.floor(stat.mtimeMs)}-${stat.size}-${flags}`;
  return join(base, 'code-cache', `${prefix}-${bundlePlace(bundle)}-${key}${ext}`);
}

export const PLACE_CHARS = 8;

/** A short name for where the bundle is installed: the part of the key a rebuild keeps. */
function bundlePlace(bundle: string): string {
  let where = bundle;
  try {
    where = realpathSync(bundle);
  } catch {
    // statSync succeeded just before: keep the path as given
  }
  return createHash('sha256').update(where).digest('hex').slice(0, PLACE_CHARS);
}

/** The bundle compiled with its cache when there is one; undefined when anything fails. */
export function loadWithCodeCache(bundle: string, name: CacheName): CachedBundle | undefined {
  try {
    const cachePath = codeCachePath(bundle, name);
    const cachedData = verified(cachePath);
    const source = readFileSync(bundle, 'utf8');
    const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
    // No importModuleDynamically: the bundle has no import() (esbuild.mjs turns web-tree-sitter's
    // into require), and a script compiled from cached data would have no callback for one.
    const script = new Script(wrapper, { filename: bundle, cachedData });
    const stale = !cachedData || script.cachedDataRejected === true;
    return {
      run<T>(): T {
        const fn = script.runInThisContext() as (...args: unknown[]) => void;
        const mod = { exports: {} as T };
        fn(mod.exports, createRequire(bundle), mod, bundle, dirname(bundle));
        return mod.exports;
      },
      saveWhenIdle(): void {
        if (!stale) return;
        let done = false;
        const once = () => {
          if (!done) save(cachePath, name.prefix, script);
          done = true;
        };
        setTimeout(once, 300).unref();
        process.once('exit', once);
      },
      saveAtExit(): void {
        if (stale) process.once('exit', () => save(cachePath, name.prefix, script));
      },
      willSave(): boolean {
        return stale && writableDir(dirname(cachePath));
      },
    };
  } catch {
    return undefined; // no bundle stat, an unreadable file: the plain way
  }
}

/** V8 checks a cache's version, flags and source, but a release build no checksum: a damaged
 *  file could be run as bytecode. So the file starts with the SHA-256 of the rest. */
function verified(cachePath: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(cachePath);
  } catch {
    return undefined;
  }
  const data = file.subarray(DIGEST_BYTES);
  return file.length > DIGEST_BYTES && digest(data).equals(file.subarray(0, DIGEST_BYTES)) ? data : undefined;
}

const DIGEST_BYTES = 32;

function digest(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Creates `dir` (and its two parents) if need be; true when it can be written to. */
function writableDir(dir: string): boolean {
  try {
    // Step by step: a recursive mkdir can spin forever under /proc (Node 20, see bin/kpw).
    for (const d of [dirname(dirname(dir)), dirname(dir), dir]) if (!existsSync(d)) mkdirSync(d);
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function save(cachePath: string, prefix: string, script: Script): void {
  try {
    const dir = dirname(cachePath);
    if (!writableDir(dir)) return;
    const tmp = `${cachePath}.${process.pid}.tmp`;
    const data = script.createCachedData();
    writeFileSync(tmp, Buffer.concat([digest(data), data]));
    renameSync(tmp, cachePath);
    // Caches of older builds of this bundle (same place) with the same flags are never read
    // again. Other flags (the extension's debug launch) and other installs keep theirs: the two
    // would otherwise delete each other's on every run.
    const name = basename(cachePath);
    const flags = name.slice(name.lastIndexOf('-'));
    const place = name.slice(0, prefix.length + 1 + PLACE_CHARS + 1); // `${prefix}-${place}-`
    for (const old of readdirSync(dir)) {
      if (old !== name && old.startsWith(place) && old.endsWith(flags))
        rmSync(join(dir, old), { force: true });
    }
  } catch {
    // a read-only home: run without a cache
  }
}
