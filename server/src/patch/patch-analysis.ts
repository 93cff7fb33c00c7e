// Analysis of kernel-patch documents (patch mails, mboxes, Patchwork pages):
// reads the document text with the core patch readers, picks the base tree,
// applies each series in memory and runs every check. One result per document
// version is kept for diagnostics and hovers; nothing is ever written.

import { isAbsolute, join } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyzePatches,
  PatchCode,
  readPatchTextSteps,
  driveSync,
  runSliced,
  type Drive,
  type PatchMail,
  type SeriesAnalysis,
} from '../../../src/core/api/index';
import type { Diagnostic } from '../../../src/core/diag/diagnostic';
import type { KpwSettings } from '../../../src/core/config/settings';
import { isDirectory, nodeFileHost, pathExists, type FileHost } from '../../../src/core/host/index';
import { uriToPath } from '../convert';
import type { BuildWatcher } from '../document-models';

/** The language id of patch mails (package.json contributes it for .patch, .mbox, .eml). */
export const PATCH_LANGUAGE = 'kernel-patch';

export interface PatchDocumentAnalysis {
  uri: string;
  /** The document's file in the core's diagnostics: its path (a URI only for an unsaved document). */
  file: string;
  version: number;
  /** Everything to publish on the document: reading problems, findings on `+` lines, series-wide checks. */
  diagnostics: Diagnostic[];
  analyses: SeriesAnalysis[];
  /** The tree the series were applied onto; undefined in hunks-only mode. */
  base?: string;
  includeDirs: string[];
  abis: string[];
}

export interface PatchAnalysisConfig {
  settings: KpwSettings;
  folders: string[];
  /** Where base files are read (the editor's overlay in the server; the disk by default). */
  host?: FileHost;
}

export function isPatchDocument(doc: Pick<TextDocument, 'languageId'>): boolean {
  return doc.languageId === PATCH_LANGUAGE;
}

/** Caches one analysis per document version; a newer version replaces the older one. The analysis
 *  runs the header builds and checks in slices of `sliceMs` (runSliced), so other requests are served
 *  in between; an aborted one rejects with an AbortError and is never cached. */
export class PatchAnalyses {
  private readonly cache = new Map<
    string,
    { version: number; key: string; result: Promise<PatchDocumentAnalysis> }
  >();

  constructor(
    private readonly sliceMs?: number,
    /** Told when an analysis needs more than one slice, and when it ends (progress reports). */
    private readonly watcher?: BuildWatcher,
  ) {}

  get(doc: TextDocument, config: PatchAnalysisConfig, signal?: AbortSignal): Promise<PatchDocumentAnalysis> {
    const key = JSON.stringify([
      config.settings.patch.base,
      config.settings.includeDirs,
      config.settings.abis,
      config.folders,
    ]);
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version && hit.key === key) return hit.result;
    let watched = false;
    let ended: ((cancelled: boolean) => void) | undefined;
    const onSlice = () => {
      if (!watched) ended = this.watcher?.started(doc.uri);
      watched = true;
    };
    const drive: Drive = (steps) => runSliced(steps, { signal, sliceMs: this.sliceMs, onSlice });
    const onFinishing = (message: string) => {
      if (watched) this.watcher?.report?.(doc.uri, message);
    };
    const result = analyzePatchDocument(
      doc.uri,
      doc.version,
      doc.getText(),
      config,
      signal,
      drive,
      onFinishing,
    );
    this.cache.set(doc.uri, { version: doc.version, key, result });
    // An aborted run must not be served to the next caller (its callers see the rejection).
    const settled = () => {
      ended?.(!!signal?.aborted);
      if (signal?.aborted && this.cache.get(doc.uri)?.result === result) this.cache.delete(doc.uri);
    };
    result.then(settled, settled);
    return result;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}

/** Reads, applies and checks the patch text; never throws (problems become diagnostics) but an
 *  abort of `drive` (default: each build at once). */
export async function analyzePatchDocument(
  uri: string,
  version: number,
  text: string,
  config: PatchAnalysisConfig,
  signal?: AbortSignal,
  drive?: Drive,
  onFinishing?: (message: string) => void,
): Promise<PatchDocumentAnalysis> {
  // The core names files by path; an untitled document has none, so its URI stands in (see patchFileToUri).
  const file = uriToPath(uri) ?? uri;
  const read = await (drive ?? driveSync)(readPatchTextSteps(text, file));
  const base = chooseBase(read.mails, config);
  const includeDirs = config.settings.includeDirs;
  const abis = config.settings.abis;
  const readDiagnostics = [...read.diagnostics];
  const configured = config.settings.patch.base.trim();
  if (configured && !base) {
    const why = `kpw.patch.base '${configured}' is not a directory: analyzing the hunks alone`;
    const at = { line: 0, character: 0 };
    readDiagnostics.push({
      code: PatchCode.baseMissing,
      severity: 'warning',
      file,
      range: { start: at, end: at },
      message: why,
    });
  }
  const result = await analyzePatches({
    mails: read.mails,
    readDiagnostics,
    base,
    includeDirs,
    abis,
    codes: { disable: config.settings.checks.disabled },
    signal,
    drive,
    onFinishing,
    host: config.host,
  });
  // Only what lands on this document is published here (related info may point elsewhere).
  const diagnostics = result.diagnostics.filter((d) => d.file === file);
  return { uri, file, version, diagnostics, analyses: result.analyses, base, includeDirs, abis };
}

/**
 * The tree to apply onto: `kpw.patch.base` when set (relative paths resolve
 * against the first workspace folder), else the first workspace folder that
 * holds a header the mails modify (a kernel tree, or a directory holding just
 * the UAPI header under review; files it lacks are reported), else none
 * (hunks-only mode).
 */
export function chooseBase(mails: readonly PatchMail[], config: PatchAnalysisConfig): string | undefined {
  const configured = config.settings.patch.base.trim();
  if (configured) {
    const dir =
      isAbsolute(configured) || !config.folders[0] ? configured : join(config.folders[0], configured);
    return isDirectory(config.host ?? nodeFileHost, dir) ? dir : undefined;
  }
  const needed = modifiedPaths(mails).filter((p) => p.endsWith('.h'));
  if (needed.length === 0) return undefined;
  return config.folders.find((folder) =>
    needed.some((p) => pathExists(config.host ?? nodeFileHost, join(folder, p))),
  );
}

/** Paths the mails' diffs read from the base (`--- a/PATH`; new files read nothing). */
export function modifiedPaths(mails: readonly PatchMail[]): string[] {
  const paths = new Set<string>();
  for (const mail of mails) {
    for (const m of mail.body.matchAll(/^--- a\/(\S+)/gm)) paths.add(m[1]);
  }
  return [...paths];
}
