// The language server's V8 startup snapshot (`node --snapshot-blob`), off unless KPW_SNAPSHOT=1:
// start -> initialize ~30 ms less CPU but ~7 MB more RSS after edits, over clangd's (CHANGELOG).
// The starter (extension, bench) asks serverSnapshotArgs; the blob is built in the background
// beside the code cache, keyed like it, and used only when its checksum matches: else the plain start.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as zlib from 'node:zlib';
import { cacheFilePath, PLACE_CHARS } from './code-cache';

/** The snapshot entry bundle, built by esbuild.mjs next to dist/server.js. */
export const SNAPSHOT_ENTRY = 'server-snapshot.js';
/** The detached builder bundle (snapshot-build.ts). */
export const SNAPSHOT_BUILDER = 'snapshot-build.js';
/** The argument that makes a snapshot's main answer SNAPSHOT_OK and exit (the builder's check). */
export const SNAPSHOT_CHECK_ARG = '--kpw-snapshot-check';
export const SNAPSHOT_OK = 'kpw-snapshot-ok';
const PREFIX = 'server-snapshot';
/** A build older than this is taken for dead: its lock no longer stops another. */
const LOCK_STALE_MS = 120_000;

/** Where the blob for the server in `distDir` under these Node flags lives. NODE_OPTIONS is part of
 *  the key: Node refuses (exit 14) a blob built under other V8 flags, and the server would not start. */
export function snapshotPath(distDir: string, flags: readonly string[], env = process.env): string {
  const flagsText = `${flags.join(' ')}|${env.NODE_OPTIONS ?? ''}`;
  return cacheFilePath(join(distDir, SNAPSHOT_ENTRY), PREFIX, flagsText, '.blob', env);
}

export interface SnapshotArgsOptions {
  env?: NodeJS.ProcessEnv;
  /** Start a background build when there is no usable blob (default true; tests say false). */
  build?: boolean;
}

/** The Node arguments that start the server in `distDir` from its snapshot (with KPW_SNAPSHOT=1):
 *  `--snapshot-blob B` when a verified blob for these flags and this Node exists, else none (and a
 *  build is started in the background, once). Never throws: any failure is the plain start. */
export function serverSnapshotArgs(
  distDir: string,
  flags: readonly string[],
  options: SnapshotArgsOptions = {},
): string[] {
  const env = options.env ?? process.env;
  // Electron's Node (VS Code desktop's extension host forks the server with it) has no
  // user-land snapshots.
  if (env.KPW_SNAPSHOT !== '1' || process.versions.electron) return [];
  try {
    const blob = snapshotPath(distDir, flags, env);
    if (verifiedBlob(blob)) return ['--snapshot-blob', blob];
    if (options.build !== false) startBuild(distDir, flags, blob, env);
  } catch {
    // no entry bundle, an unreadable cache directory: the plain start
  }
  return [];
}

/** True when `blob` and its checksum file agree. A damaged blob can crash Node or run damaged code:
 *  one that does not match is removed (the next start builds it again). */
export function verifiedBlob(blob: string): boolean {
  if (!existsSync(blob)) return false;
  try {
    const want = readFileSync(`${blob}.sum`, 'utf8').trim();
    if (checksum(readFileSync(blob), want.slice(0, want.indexOf(':'))) === want) return true;
  } catch {
    // no checksum file: a build that did not finish, or a foreign file
  }
  try {
    rmSync(blob, { force: true });
    rmSync(`${blob}.sum`, { force: true });
  } catch {
    // a read-only cache directory: still not used
  }
  return false;
}

type Zlib = { crc32?: (data: Buffer) => number };

/** `${algorithm}:${hex}` of `data`. CRC-32 (zlib.crc32, Node >= 20.15: 4 ms for the 8 MB blob
 *  against SHA-256's 8-10, paid on every server start) finds a damaged file as well; a Node
 *  without it uses SHA-256. `algorithm` '' picks the best this Node has. */
export function checksum(data: Buffer, algorithm: string): string {
  const crc32 = (zlib as Zlib).crc32;
  if (algorithm === 'crc32' || (algorithm === '' && crc32)) {
    if (!crc32) return 'crc32:unavailable';
    return `crc32:${crc32(data).toString(16).padStart(8, '0')}`;
  }
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Starts the detached builder (snapshot-build.ts) unless one runs for this blob, or one failed
 *  for it already (a Node that cannot build snapshots: `${blob}.failed` says why; a new key, i.e.
 *  a rebuilt bundle or another Node, tries again). */
function startBuild(distDir: string, flags: readonly string[], blob: string, env: NodeJS.ProcessEnv): void {
  const builder = join(distDir, SNAPSHOT_BUILDER);
  if (!existsSync(builder) || existsSync(`${blob}.failed`)) return;
  ensureDir(dirname(blob));
  if (!takeLock(`${blob}.lock`)) return;
  const child = spawn(process.execPath, [builder, distDir, blob, ...flags], {
    detached: true,
    stdio: 'ignore',
    env,
  });
  child.on('error', () => rmSync(`${blob}.lock`, { force: true }));
  child.unref();
}

function takeLock(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs < LOCK_STALE_MS) return false;
    rmSync(lock, { force: true });
  } catch {
    // no lock
  }
  try {
    closeSync(openSync(lock, 'wx'));
    return true;
  } catch {
    return false; // another start took it first
  }
}

/** Step by step: a recursive mkdir can spin forever under /proc (Node 20, see bin/kpw). */
function ensureDir(dir: string): void {
  for (const d of [dirname(dirname(dir)), dirname(dir), dir]) if (!existsSync(d)) mkdirSync(d);
}

export interface BuildResult {
  ok: boolean;
  /** Why it failed: the build's or the check's output. */
  reason?: string;
}

/** Builds the blob for the server in `distDir` (synchronously: the detached builder and tests call
 *  this): `node FLAGS --build-snapshot server-snapshot.js` into a temporary file, then a start of it
 *  that must answer SNAPSHOT_OK, then the checksum file and the blob renamed into place; older blobs
 *  of this install and flags are removed. On failure, `${blob}.failed` holds the reason. */
export function buildSnapshotSync(distDir: string, blob: string, flags: readonly string[]): BuildResult {
  const entry = join(distDir, SNAPSHOT_ENTRY);
  const tmp = `${blob}.${process.pid}.tmp`;
  const fail = (reason: string): BuildResult => {
    rmSync(tmp, { force: true });
    try {
      writeFileSync(`${blob}.failed`, `${reason}\n`);
    } catch {
      // a read-only cache directory
    }
    return { ok: false, reason };
  };
  try {
    ensureDir(dirname(blob));
    const built = spawnSync(process.execPath, [...flags, '--snapshot-blob', tmp, '--build-snapshot', entry], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    if (built.status !== 0 || !existsSync(tmp))
      return fail(`--build-snapshot exited ${built.status ?? built.signal}: ${built.stderr.slice(-2000)}`);
    const check = spawnSync(process.execPath, [...flags, '--snapshot-blob', tmp, entry, SNAPSHOT_CHECK_ARG], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    if (check.status !== 0 || check.stdout.trim() !== SNAPSHOT_OK)
      return fail(
        `the built snapshot did not start (${check.status ?? check.signal}): ${check.stderr.slice(-2000)}`,
      );
    writeFileSync(`${blob}.sum`, checksum(readFileSync(tmp), ''));
    renameSync(tmp, blob);
    removeOlder(blob);
    return { ok: true };
  } catch (err) {
    return fail(String(err));
  }
}

/** Blobs of older builds of this install under the same flags are never read again. */
function removeOlder(blob: string): void {
  const dir = dirname(blob);
  const name = basename(blob);
  const flags = name.slice(name.lastIndexOf('-')); // `-${flagsHash}.blob`
  const place = name.slice(0, PREFIX.length + 1 + PLACE_CHARS + 1);
  for (const old of readdirSync(dir)) {
    const stem = old.replace(/\.(sum|failed|lock)$/, '');
    if (stem !== name && stem.startsWith(place) && stem.endsWith(flags))
      rmSync(join(dir, old), { force: true });
  }
}
