// Where a header's includes are looked up for one ABI. The user's -I
// directories come first; then directories inferred from where the files are
// (a kernel tree's include/uapi and arch/<karch>/include/uapi, or the root an
// installed header lives under); then the ABI's own asm directories. Every
// directory searched is also a root the model's reads are confined to.

import { dirname, join, resolve, sep } from 'node:path';
import type { AbiSpec } from '../abi/types';
import { nodeFileHost } from '../host/node-file-host';
import { isDirectory, pathExists } from '../host/query';
import type { FileHost } from '../host/types';

const SYSTEM_INCLUDE = '/usr/include';

function pushUnique(list: string[], dir: string): void {
  if (!list.includes(dir)) list.push(dir);
}

/** The `include/uapi` root of a kernel source tree holding `file`, if any. */
export function kernelTreeRoot(file: string): string | undefined {
  const parts = resolve(file).split(sep);
  for (let i = parts.length - 2; i > 0; i--) {
    if (parts[i] === 'uapi' && parts[i - 1] === 'include') {
      const root = parts.slice(0, i - 1).join(sep) || sep;
      // Either <root>/include/uapi (generic) or <root>/arch/<karch>/include/uapi.
      if (i >= 3 && parts[i - 3] === 'arch') return parts.slice(0, i - 3).join(sep) || sep;
      return root;
    }
  }
  return undefined;
}

/** For an installed header such as /usr/include/linux/vfio.h: the directory that holds `linux/`. */
function installedRoot(file: string): string | undefined {
  const parts = resolve(file).split(sep);
  for (let i = parts.length - 2; i > 0; i--) {
    if (parts[i] === 'linux' || parts[i] === 'asm-generic' || parts[i] === 'asm') {
      return parts.slice(0, i).join(sep) || sep;
    }
  }
  return undefined;
}

/** Directories holding this ABI's installed `asm/` headers on a Debian system. */
export function abiAsmDirs(abi: AbiSpec, sysroot = '/', host: FileHost = nodeFileHost): string[] {
  const candidates = [
    join(sysroot, 'usr/include', abi.multiarch),
    join(sysroot, 'usr', abi.triple, 'include'),
  ];
  return candidates.filter((dir) => isDirectory(host, join(dir, 'asm')));
}

export interface IncludeDirPlan {
  dirs: string[];
  /** True when no directory provides this ABI's asm/ headers (asm-generic fallbacks will be used). */
  asmMissing: boolean;
  /**
   * Where the model may read: every search directory, each main file itself (the
   * user named it), and the tree each main file is in (its kernel tree's root, the
   * directory holding an installed header's linux/, else its own directory).
   */
  roots: string[];
}

export function includeDirsFor(
  files: readonly string[],
  userDirs: readonly string[],
  abi: AbiSpec,
  host: FileHost = nodeFileHost,
): IncludeDirPlan {
  const isDir = (path: string) => isDirectory(host, path);
  const dirs: string[] = [];
  const roots: string[] = [];
  for (const dir of userDirs) pushUnique(dirs, resolve(dir));
  for (const file of files) {
    const kroot = kernelTreeRoot(file);
    pushUnique(roots, resolve(file));
    pushUnique(roots, kroot ?? installedRoot(file) ?? dirname(resolve(file)));
    if (kroot) {
      for (const sub of [
        'include/uapi',
        'include/generated/uapi',
        `arch/${abi.karch}/include/uapi`,
        `arch/${abi.karch}/include/generated/uapi`,
      ]) {
        const dir = join(kroot, sub);
        if (isDir(dir)) pushUnique(dirs, dir);
      }
      continue;
    }
    const root = installedRoot(file);
    if (root) pushUnique(dirs, root);
    else pushUnique(dirs, dirname(resolve(file)));
    // An installed tree that carries this ABI's asm/ (an unpacked linux-libc-dev) uses its own,
    // not the host's: its linux/ headers and asm/ headers must come from one kernel version.
    const ownAsm = root && join(root, abi.multiarch);
    if (ownAsm && pathExists(host, join(ownAsm, 'asm'))) pushUnique(dirs, ownAsm);
  }
  const hasAsm = dirs.some((dir) => pathExists(host, join(dir, 'asm')));
  // The host's installed asm/ belongs to the host ABI only: never mix another ABI's asm in.
  const asmDirs = abiAsmDirs(abi, '/', host);
  for (const dir of asmDirs) pushUnique(dirs, dir);
  // Last, the system directory gcc itself always searches: a header copied out of a tree
  // (a fixture, a patch's post-image) still finds <linux/types.h> there.
  if (isDir(SYSTEM_INCLUDE)) pushUnique(dirs, SYSTEM_INCLUDE);
  for (const dir of dirs) pushUnique(roots, dir);
  // Debian's linux-libc-dev (6.12 and later) keeps the headers under /usr/lib/linux/uapi and links
  // them into /usr/include/<multiarch>/asm: that store is part of an installed include tree.
  for (const dir of dirs) {
    if (!dir.endsWith('/include')) continue;
    const store = join(dirname(dir), 'lib', 'linux', 'uapi');
    if (isDir(store)) pushUnique(roots, store);
  }
  return { dirs, asmMissing: !hasAsm && asmDirs.length === 0, roots };
}
