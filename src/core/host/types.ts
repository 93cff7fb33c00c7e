// The file-access floor every reader in the core and the faces stands on:
// what a FileHost answers (text, existence, kind, directory listings, real
// paths) and the typed refusal it throws when a path is not for reading.

/** What a path is. `other` covers devices, FIFOs and sockets: never read. */
export type FileKind = 'file' | 'directory' | 'symlink' | 'other';

export interface FileStat {
  /** The kind after following links (`symlink` never appears here). */
  kind: Exclude<FileKind, 'symlink'>;
  size: number;
}

export interface DirEntry {
  name: string;
  /** The entry's own kind (links not followed). */
  kind: FileKind;
}

/**
 * File access. Sync on purpose: headers are small and the editor supplies
 * unsaved buffers through overrides. The optional members are answered by the
 * Node, overlay, snapshot and image hosts; in-memory test hosts may omit them
 * (helpers in ./query.ts then answer from readFile/fileExists alone, never from the disk).
 */
export interface FileHost {
  /** The file's text, or undefined when it does not exist. A directory, a device,
   *  a FIFO, a file over the size limit or a path outside the host's roots throws a
   *  HostRefusal; the preprocessor turns throws into `file-unreadable` diagnostics. */
  readFile(path: string): string | undefined;
  /** Whether a regular file exists at path. */
  fileExists(path: string): boolean;
  /** A cheap version stamp (mtime+size, or an editor version) for caches. */
  version?(path: string): string | undefined;
  /** Kind and size after following links; undefined when missing. */
  stat?(path: string): FileStat | undefined;
  /** The entries of a directory, sorted by name; undefined when not a readable directory. */
  listDir?(path: string): DirEntry[] | undefined;
  /** The canonical path (links resolved); undefined when it does not exist or a link loops. */
  realpath?(path: string): string | undefined;
}

export type RefusalReason = 'outside-root' | 'not-regular' | 'too-large' | 'link-loop' | 'dangling-link';

/** Why a host would not read a path; its message names the path and the cause. */
export class HostRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostRefusal';
  }
}
