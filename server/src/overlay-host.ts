// A FileHost that sees the editor's unsaved buffers first and the disk second,
// so layouts follow what the user is typing, not what was last saved.

import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeFileHost } from '../../src/core/host/node-file-host';
import type { FileHost } from '../../src/core/host/types';
import { pathToUri } from './convert';
import { overlayOver } from './open-overlay';

export function overlayHost(documents: TextDocuments<TextDocument>, disk: FileHost = nodeFileHost): FileHost {
  return overlayOver((path) => documents.get(pathToUri(path)), disk);
}

export { textOverDisk } from '../../src/core/host/index';
