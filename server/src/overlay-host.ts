// A FileHost that sees the editor's unsaved buffers first and the disk second,
// so layouts follow what the user is typing, not what was last saved.

import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { resolve } from 'node:path';
import { statOf } from '../../src/core/host/query';
import { nodeFileHost } from '../../src/core/host/node-file-host';
import type { FileHost } from '../../src/core/host/types';
import { pathToUri } from './convert';

export function overlayHost(documents: TextDocuments<TextDocument>, disk: FileHost = nodeFileHost): FileHost {
  const open = (path: string) => documents.get(pathToUri(path));
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

/**
 * The disk with one file's text replaced (a hovered C buffer, a header's text at
 * the compat base ref). Kind, listing and real-path questions go to the disk too:
 * the include plan finds its directories through them, so a host answering only
 * readFile/fileExists would leave a model with no include path at all.
 */
export function textOverDisk(path: string, text: string, disk: FileHost = nodeFileHost): FileHost {
  const at = resolve(path);
  const mine = (p: string): boolean => resolve(p) === at;
  const host: FileHost = {
    readFile: (p) => (mine(p) ? text : disk.readFile(p)),
    fileExists: (p) => mine(p) || disk.fileExists(p),
    stat: (p) => (mine(p) ? { kind: 'file', size: Buffer.byteLength(text) } : statOf(disk, p)),
  };
  if (disk.version) host.version = (p) => (mine(p) ? undefined : disk.version?.(p));
  if (disk.listDir) host.listDir = disk.listDir.bind(disk);
  if (disk.realpath) host.realpath = disk.realpath.bind(disk);
  return host;
}
