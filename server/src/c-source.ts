// C files in the editor (drivers implementing a UAPI): the kernel-side checks
// as diagnostics, and a hover on the struct argument of copy_to_user() listing
// its holes and tail padding on every ABI. Header models are not built for them.
// Both run in the C checks' worker (c-worker/): tree-sitter never runs on this thread.

import type { Connection, Hover, HoverParams, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toLspDiagnostic, uriToPath } from './convert';
import type { SettingsStore } from './settings';
import type { BuildWatcher } from './document-models';
import type { CChecksWorker } from './c-worker/client';

export const isCSource = (uri: string): boolean => uri.endsWith('.c');

/** Checks the document in the worker (the same checkCSource as `kpw check`, in slices there; an edit
 *  or a close aborts), with progress when it needs more than one slice. */
export async function publishCDiagnostics(
  deps: {
    connection: Connection;
    documents: TextDocuments<TextDocument>;
    settings: SettingsStore;
    worker: CChecksWorker;
    watcher?: BuildWatcher;
  },
  uri: string,
  version: number,
  signal: AbortSignal,
): Promise<void> {
  const doc = deps.documents.get(uri);
  const path = uriToPath(uri);
  if (!doc || !path) return;
  const s = deps.settings.value;
  let ended: ((cancelled: boolean) => void) | undefined;
  let found;
  try {
    found = await deps.worker.check(
      {
        uri,
        version: doc.version,
        file: path,
        includeDirs: s.includeDirs,
        abis: s.abis,
        disable: s.checks.disabled,
      },
      signal,
      () => (ended ??= deps.watcher?.started(uri)),
    );
  } finally {
    ended?.(signal.aborted);
  }
  if (signal.aborted || deps.documents.get(uri)?.version !== version) return;
  void deps.connection.sendDiagnostics({
    uri,
    version,
    diagnostics: found.filter((d) => d.file === path).map(toLspDiagnostic),
  });
}

/** Hover on `x` in `copy_to_user(dst, &x, n)`: x's struct layout gaps per ABI (c-worker/c-hover.ts). */
export async function cHover(
  doc: TextDocument,
  params: HoverParams,
  settings: SettingsStore,
  worker: CChecksWorker,
): Promise<Hover | null> {
  const path = uriToPath(doc.uri);
  if (!path) return null;
  const markdown = await worker.hover({
    uri: doc.uri,
    version: doc.version,
    file: path,
    position: params.position,
    includeDirs: settings.value.includeDirs,
    abis: settings.value.abis,
  });
  return markdown === null ? null : { contents: { kind: 'markdown', value: markdown } };
}
