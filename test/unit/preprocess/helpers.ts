// Shared test helpers: an in-memory FileHost (optionally over the disk), the
// host's include directories, and gcc's predefined macros when gcc exists.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import type { FileHost } from '../../../src/core/host/types';

export const SYSTEM_INCLUDE = ['/usr/include', '/usr/include/x86_64-linux-gnu'];
export const HAVE_UAPI =
  existsSync('/usr/include/linux/vfio.h') && existsSync('/usr/include/x86_64-linux-gnu/asm/types.h');

/** Files in memory first, then (when `disk`) the real file system. Versions count writes. */
export function memoryHost(
  files: Record<string, string>,
  disk = false,
): FileHost & { files: Record<string, string>; reads: string[] } {
  const versions = new Map<string, number>();
  const reads: string[] = [];
  const host = {
    files,
    reads,
    readFile(p: string) {
      reads.push(p);
      if (p in files) return files[p];
      return disk ? nodeFileHost.readFile(p) : undefined;
    },
    fileExists(p: string) {
      return p in files || (disk && nodeFileHost.fileExists(p));
    },
    version(p: string) {
      if (p in files) return `mem:${versions.get(p) ?? 0}:${files[p].length}:${hash(files[p])}`;
      return disk ? nodeFileHost.version?.(p) : undefined;
    },
    // Kind questions answered as the host would: the in-memory files, then (when `disk`) the disk.
    stat(p: string) {
      if (p in files) return { kind: 'file' as const, size: files[p].length };
      return disk ? nodeFileHost.stat?.(p) : undefined;
    },
    listDir(p: string) {
      return disk ? nodeFileHost.listDir?.(p) : undefined;
    },
  };
  return host;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** gcc's own `#include <...>` search list (its include dir first, then the system ones). */
export function gccIncludeDirs(): string[] {
  const r = spawnSync('gcc', ['-E', '-v', '-x', 'c', '-'], { input: '', encoding: 'utf8' });
  return gccSearchList(r.stderr ?? '');
}

function gccSearchList(stderrAndOut: string): string[] {
  const m = /#include <\.\.\.> search starts here:\n([\s\S]*?)End of search list/.exec(stderrAndOut);
  return m
    ? m[1]
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
    : [];
}

let gccChecked: boolean | undefined;
export function haveGcc(): boolean {
  if (gccChecked === undefined) {
    try {
      execFileSync('gcc', ['--version'], { stdio: 'ignore' });
      gccChecked = true;
    } catch {
      gccChecked = false;
    }
  }
  return gccChecked;
}

/** `gcc -E -dM` of a C snippet: name -> { params, body } (body tokens joined by single spaces). */
export function gccMacros(source: string, args: string[] = []): Map<string, string> {
  const out = execFileSync('gcc', ['-E', '-dM', '-x', 'c', ...args, '-'], {
    input: source,
    encoding: 'utf8',
  });
  const macros = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^#define (\w+)(\([^)]*\))?(?: (.*))?$/.exec(line);
    if (m) macros.set(m[1], `${m[2] ?? ''} ${m[3] ?? ''}`.trim());
  }
  return macros;
}
