// Publishes a kernel-patch document's diagnostics: reading and applying
// problems, every check's findings on the patch's own `+` lines, and the
// series-wide number checks. Called by DiagnosticsPublisher (debounced, aborted
// by newer edits); a result for an older version is never published.

import type { Connection, Diagnostic as LspDiagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../../../src/core/diag/diagnostic';
import { pathToUri, toLspDiagnostic, toLspRange } from '../convert';
import type { PatchAnalyses, PatchAnalysisConfig } from './patch-analysis';
import { capped } from '../diagnostics';

export interface PatchPublishDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  patches: PatchAnalyses;
  config: () => PatchAnalysisConfig;
}

/** Analyzes the document at `version` and publishes; returns how many diagnostics were sent (undefined: dropped). */
export async function publishPatchDiagnostics(
  deps: PatchPublishDeps,
  uri: string,
  version: number,
  signal: AbortSignal,
): Promise<number | undefined> {
  const doc = deps.documents.get(uri);
  if (!doc || doc.version !== version) return undefined;
  const result = await deps.patches.get(doc, deps.config(), signal);
  if (signal.aborted || deps.documents.get(uri)?.version !== version) return undefined;
  // At most MAX_PUBLISHED_DIAGNOSTICS, as for a header: a patch creating a 1 MB header has tens of
  // thousands of findings, whose conversion and serialization alone held the server ~300 ms.
  const diagnostics = capped(result.diagnostics).map((d) => toPatchLspDiagnostic(d, result));
  void deps.connection.sendDiagnostics({ uri, version, diagnostics });
  return diagnostics.length;
}

/** Like toLspDiagnostic, with the document's own file (its path, or the URI of an untitled
 *  document, which has no path) mapped back to the document's URI; every other file is a path. */
export function toPatchLspDiagnostic(d: Diagnostic, doc: { uri: string; file: string }): LspDiagnostic {
  const out = toLspDiagnostic({ ...d, related: undefined });
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri: r.file === doc.file ? doc.uri : pathToUri(r.file), range: toLspRange(r.range) },
      message: r.message,
    }));
  }
  return out;
}
