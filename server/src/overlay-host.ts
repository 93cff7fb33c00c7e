// A FileHost that sees the editor's unsaved buffers first and the disk second,
// so layouts follow what the user is typing, not what was last saved.

import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeFileHost } from '../../src/core/preprocess/preprocess';
import type { FileHost } from '../../src/core/preprocess/types';
import { pathToUri } from './convert';

export function overlayHost(documents: TextDocuments<TextDocument>): FileHost {
  const open = (path: string) => documents.get(pathToUri(path));
  return {
    readFile: (path) => open(path)?.getText() ?? nodeFileHost.readFile(path),
    fileExists: (path) => !!open(path) || nodeFileHost.fileExists(path),
    version: (path) => {
      const doc = open(path);
      return doc ? `editor:${doc.version}` : nodeFileHost.version?.(path);
    },
  };
}
