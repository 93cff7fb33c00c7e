// The editor's unsaved buffers over the disk, given a lookup of open texts by path: one
// implementation for the main thread (overlay-host.ts, over TextDocuments) and the C checks'
// worker (over the texts the main thread sent it), so both read the same files the same way.

import { nodeFileHost } from '../../src/core/host/node-file-host';
import type { FileHost } from '../../src/core/host/types';

/** An open document as the overlay reads it (a TextDocument, or the worker's copy of one). */
export interface OpenText {
  readonly version: number;
  getText(): string;
}

export function overlayOver(
  open: (path: string) => OpenText | undefined,
  disk: FileHost = nodeFileHost,
): FileHost {
  return {
    readFile: (path) => open(path)?.getText() ?? disk.readFile(path),
    fileExists: (path) => !!open(path) || disk.fileExists(path),
    version: (path) => {
      const doc = open(path);
      return doc ? `editor:${doc.version}` : disk.version?.(path);
    },
    stat: (path) => {
      const doc = open(path);
      return doc ? { kind: 'file', size: Buffer.byteLength(doc.getText()) } : disk.stat?.(path);
    },
    // Listings and real paths are the disk's: an unsaved buffer of a file on disk changes neither.
    listDir: (path) => disk.listDir?.(path),
    realpath: (path) => disk.realpath?.(path),
  };
}
