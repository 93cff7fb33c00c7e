// The one way kpw reads a file from the disk: regular files only (a device,
// FIFO or socket is refused by type before it is opened, and the open is
// non-blocking so a FIFO swapped in meanwhile cannot hang us), size checked
// before reading and counted while reading, never silently truncated.

import * as fs from 'node:fs';
import { formatBytes } from './limits';
import { HostRefusal } from './types';

const CHUNK = 64 * 1024;

/** What a stat says a path is, in words for messages ("a FIFO"). */
export function describeKind(st: fs.Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/**
 * The bytes of the regular file at `path`, at most `maxBytes` of them; undefined
 * when it does not exist. Throws HostRefusal for anything else that is not a
 * regular file or is larger than the limit (`what` names the limit: "headers").
 */
export function readRegularBytes(path: string, maxBytes: number, what = 'files'): Buffer | undefined {
  const before = statOrUndefined(path);
  if (!before) return undefined;
  refuseIrregular(path, before);
  refuseLarge(path, before.size, maxBytes, what);
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (fs.constants.O_NOCTTY ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    // The path may have been swapped between stat and open: judge what was opened.
    const st = fs.fstatSync(fd);
    refuseIrregular(path, st);
    refuseLarge(path, st.size, maxBytes, what);
    return readCapped(fd, path, st.size, maxBytes, what);
  } finally {
    fs.closeSync(fd);
  }
}

/** The first `n` bytes of a regular file as text ('' for anything else or on error): for sniffing a format. */
export function readRegularHead(path: string, n: number): string {
  let fd: number | undefined;
  try {
    // Non-blocking, and judged by what was opened: a FIFO swapped in after a stat is not read.
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (fs.constants.O_NOCTTY ?? 0));
    if (!fs.fstatSync(fd).isFile()) return '';
    const buf = Buffer.alloc(n);
    const got = fs.readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** What is at path, in words for messages ("a FIFO", "a character device"), links followed. */
export function describePath(path: string): string {
  try {
    return describeKind(fs.statSync(path));
  } catch {
    return 'not a regular file';
  }
}

/** readRegularBytes as UTF-8 text. */
export function readRegularText(path: string, maxBytes: number, what = 'files'): string | undefined {
  return readRegularBytes(path, maxBytes, what)?.toString('utf8');
}

/** lstat-free stat that follows links; undefined for missing paths and dangling links. */
export function statOrUndefined(path: string): fs.Stats | undefined {
  try {
    return fs.statSync(path, { throwIfNoEntry: false }) ?? undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'ENAMETOOLONG') return undefined;
    if (code === 'ELOOP') throw new HostRefusal('link-loop', path, `${path}: symbolic link loop`);
    throw e;
  }
}

export function tooLargeMessage(path: string, size: number | string, maxBytes: number, what: string): string {
  return `${path}: ${size} bytes, larger than the ${formatBytes(maxBytes)} limit for ${what}`;
}

function refuseIrregular(path: string, st: fs.Stats): void {
  if (!st.isFile())
    throw new HostRefusal('not-regular', path, `${path}: ${describeKind(st)}, not a regular file; not read`);
}

function refuseLarge(path: string, size: number, maxBytes: number, what: string): void {
  if (size > maxBytes) throw new HostRefusal('too-large', path, tooLargeMessage(path, size, maxBytes, what));
}

function readCapped(fd: number, path: string, size: number, maxBytes: number, what: string): Buffer {
  // Sized from fstat but grown as needed: a file that grows while read is still capped.
  let buf = Buffer.allocUnsafe(Math.min(Math.max(size, CHUNK), maxBytes + 1));
  let used = 0;
  for (;;) {
    if (used === buf.length) {
      if (used > maxBytes)
        throw new HostRefusal(
          'too-large',
          path,
          tooLargeMessage(path, `more than ${maxBytes}`, maxBytes, what),
        );
      const next = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
      buf.copy(next, 0, 0, used);
      buf = next;
    }
    let n: number;
    try {
      n = fs.readSync(fd, buf, used, buf.length - used, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN')
        throw new HostRefusal('not-regular', path, `${path}: would block; not a regular file`);
      throw e;
    }
    if (n === 0) break;
    used += n;
    if (used > maxBytes)
      throw new HostRefusal(
        'too-large',
        path,
        tooLargeMessage(path, `more than ${maxBytes}`, maxBytes, what),
      );
  }
  return buf.subarray(0, used);
}
