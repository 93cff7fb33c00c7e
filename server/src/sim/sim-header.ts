// Which vfio.h the simulator session lays its answers out from: the one the
// user has open (the last one touched first), else the workspace's
// include/uapi/linux/vfio.h, else the built-in header of the core.

import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import { uriToPath } from '../convert';

export interface HeaderChoice {
  file: string;
  source: 'open editor' | 'workspace';
  /** Changes whenever the text the session would read changes. */
  key: string;
}

const STRUCT = 'vfio_device_feature_zpci_err';

/** An open document that can serve as the session's header. */
export function isSimHeader(doc: TextDocument): boolean {
  const path = uriToPath(doc.uri);
  return !!path && basename(path) === 'vfio.h' && doc.getText().includes(STRUCT);
}

/** The header to use now, or undefined for the built-in one. `recent` lists URIs, last touched last. */
export function chooseSimHeader(
  documents: TextDocuments<TextDocument>,
  folders: readonly string[],
  recent: readonly string[],
): HeaderChoice | undefined {
  const open = documents.all().filter(isSimHeader);
  const rank = (uri: string) => recent.lastIndexOf(uri);
  open.sort((a, b) => rank(b.uri) - rank(a.uri));
  const doc = open[0];
  const docPath = doc && uriToPath(doc.uri);
  // By content, not version: a reopened document starts its versions again.
  if (doc && docPath)
    return { file: docPath, source: 'open editor', key: `${doc.uri}#${digest(doc.getText())}` };
  for (const folder of folders) {
    const file = join(folder, 'include', 'uapi', 'linux', 'vfio.h');
    if (nodeFileHost.fileExists(file))
      return { file, source: 'workspace', key: `${file}@${nodeFileHost.version?.(file) ?? 'disk'}` };
  }
  return undefined;
}

function digest(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
