// A FileHost that sees the editor's unsaved buffers first and the disk second,
// so layouts follow what the user is typing, not what was last saved.

import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
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

export { textOverDisk } from '../../src/core/host/index';
