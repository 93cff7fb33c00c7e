// Per-ABI include overlays: every ABI sees the host's linux/ and asm-generic/
// text plus its own asm/, through symlinks under test/differential/.work.
// Also lists the overlay's headers and hashes their contents for cache keys.

import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  statSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { OracleAbi } from './abis';

export const HOST_LINUX_DIR = '/usr/include/linux';
export const HOST_ASM_GENERIC_DIR = '/usr/include/asm-generic';

export interface Overlay {
  /** The directory to pass as `-isystem` / includeDirs. */
  root: string;
  /** Overlay subdirectory -> real directory it points at. */
  links: Record<string, string>;
}

/** Creates (or refreshes) `<workDir>/overlay/<abi>` and returns it; undefined when a source dir is missing. */
export function buildOverlay(workDir: string, abi: OracleAbi): Overlay | undefined {
  const links: Record<string, string> = {
    linux: HOST_LINUX_DIR,
    'asm-generic': HOST_ASM_GENERIC_DIR,
    asm: abi.asmDir,
  };
  if (!Object.values(links).every((d) => existsSync(d))) return undefined;
  const root = join(workDir, 'overlay', abi.name);
  mkdirSync(root, { recursive: true });
  for (const [name, target] of Object.entries(links)) {
    const path = join(root, name);
    if (isLinkTo(path, target)) continue;
    rmSync(path, { recursive: true, force: true });
    symlinkSync(target, path);
  }
  return { root, links };
}

function isLinkTo(path: string, target: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink() && readlinkSync(path) === target;
  } catch {
    return false;
  }
}

/**
 * Headers of the overlay as include names (`linux/vfio.h`), in the order the
 * oracle puts them into a translation unit: linux/** first, then asm/*, then
 * asm-generic/*, each sorted. The ABI's real headers thus come before the
 * generic or foreign-architecture ones that would conflict with them.
 */
export function listHeaders(overlay: Overlay): string[] {
  const order = ['linux', 'asm', 'asm-generic'];
  return order.flatMap((sub) =>
    walk(join(overlay.root, sub))
      .map((p) => relative(overlay.root, p).split(sep).join('/'))
      .sort(),
  );
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) out.push(...walk(full));
    else if (name.endsWith('.h')) out.push(full);
  }
  return out;
}

const dirHashCache = new Map<string, string>();

/** sha256 over every file (path and content) under the overlay's real directories. */
export function overlayContentHash(overlay: Overlay): string {
  const h = createHash('sha256');
  for (const [name, target] of Object.entries(overlay.links).sort()) {
    h.update(`${name}\0${dirHash(target)}\0`);
  }
  return h.digest('hex');
}

function dirHash(dir: string): string {
  const cached = dirHashCache.get(dir);
  if (cached) return cached;
  const h = createHash('sha256');
  for (const file of walkAll(dir).sort()) {
    h.update(relative(dir, file));
    h.update('\0');
    h.update(readFileSync(file));
    h.update('\0');
  }
  const digest = h.digest('hex');
  dirHashCache.set(dir, digest);
  return digest;
}

function walkAll(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walkAll(full) : [full];
  });
}

/**
 * Maps a header path as a tool reports it (overlay path, or the real path gcc
 * resolves symlinks to) to its include name: `/usr/include/linux/vfio.h` ->
 * `linux/vfio.h`. Paths outside the overlay come back unchanged.
 */
export function includeNameOf(overlay: Overlay): (path: string) => string {
  const prefixes: [string, string][] = [];
  for (const [sub, target] of Object.entries(overlay.links)) {
    prefixes.push(
      [`${overlay.root}/${sub}/`, `${sub}/`],
      [`${target}/`, `${sub}/`],
      [`${realpathSync(target)}/`, `${sub}/`],
    );
  }
  prefixes.push([`${overlay.root}/`, ''], [`${realpathSync(overlay.root)}/`, '']);
  prefixes.sort((a, b) => b[0].length - a[0].length);
  return (path) => {
    const hit = prefixes.find(([p]) => path.startsWith(p));
    return hit ? hit[1] + path.slice(hit[0].length) : path;
  };
}
