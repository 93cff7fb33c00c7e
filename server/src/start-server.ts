// Wires the language server's features onto a connection: document sync,
// settings, diagnostics, hover, inlay hints, code actions, symbols and the
// kpw/* requests. Wiring only; every feature lives in its own file.

import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  initParser,
  featureUseFor,
  isAbortError,
  otherImmediatesQueued,
  readsDriverSources,
  slicedWorkRunning,
  workspaceRootFor,
} from '../../src/core/api/index';
import { ListRecordsRequest, StructLayoutRequest } from '../../src/protocol/index';
import { codeActions } from './code-actions';
import { uriToPath } from './convert';
import { DiagnosticsPublisher, type PublishReport } from './diagnostics';
import { DocumentModels, type DocumentState } from './document-models';
import { buildProgress } from './build-progress';
import { documentSymbols } from './document-symbols';
import { hover } from './hover/hover';
import { inlayHints } from './inlay-hints';
import { overlayHost } from './overlay-host';
import { isPatchDocument, PatchAnalyses } from './patch/patch-analysis';
import { publishPatchDiagnostics } from './patch/patch-diagnostics';
import { patchHover } from './patch/patch-hover';
import { SettingsStore } from './settings';
import { KPW_VERSION } from '../../src/core/config/version';
import { onRequest } from './requests';
import { compatHover } from './hover/hover-compat';
import { cHover, isCSource, publishCDiagnostics } from './c-source';
import { CChecksWorker } from './c-worker/client';
import { compatBaseline, setBaseText } from './compat-baseline';
import { COMPAT_BASE_TEXT_METHOD, type CompatBaseTextParams } from '../../src/protocol/compat';
import { registerSim } from './sim/sim-requests';
import { fullCollection, idleRelease } from './idle-release';
import { listRecords, structLayout } from './struct-layout-request';

export interface ServerOptions {
  /** Called after each diagnostics publication (tests and the benchmark measure with it). */
  onPublished?: (report: PublishReport) => void;
  /** Replaces the adaptive wait before diagnostics after an edit (tests). */
  wait?: (adaptiveMs: number) => number;
  /** The full collection run when the server falls quiet (idle-release.ts; default: V8's gc
   *  when the process has --expose-gc, else none). */
  collect?: () => void;
  /** Milliseconds a build runs before other requests get a turn (default SLICE_MS; tests use 0,
   *  a pause at every checkpoint, to prove by order that requests are answered during a build). */
  sliceMs?: number;
  /** Tests only: holds the C checks' worker inside a check's first step (c-worker/protocol.ts). */
  cGate?: Int32Array;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  let canPull = false;
  let folders: string[] = [];
  let canRefreshLenses = false;
  const settings = new SettingsStore(connection, () => canPull);
  const progress = buildProgress(connection);
  const models = new DocumentModels(
    documents,
    () => ({ abis: settings.abis(), includeDirs: settings.value.includeDirs }),
    progress,
    options.sliceMs,
  );
  // Patch mails (language kernel-patch) are analyzed by the patch core, not as C headers.
  const patches = new PatchAnalyses(options.sliceMs, progress);
  // Base files are read through the editor's buffers: an unsaved header is what the patch applies to.
  const patchConfig = () => ({ settings: settings.value, folders, host: overlayHost(documents) });
  const isPatch = (uri: string): boolean => {
    const doc = documents.get(uri);
    return !!doc && isPatchDocument(doc);
  };
  // C documents are parsed and checked in a worker thread, started with the first of them.
  const cWorker = new CChecksWorker({
    documents,
    mirrors: (uri) => !isCSource(uri) && !isPatch(uri),
    anyCOpen: () => documents.all().some((d) => isCSource(d.uri)),
    log: (m) => connection.console.log(m),
    config: { sliceMs: options.sliceMs, gate: options.cGate },
  });
  const collect = options.collect ?? fullCollection();
  // Never a forced collection while any build runs or a rebuild is pending, nor before the answer
  // of a request being served (idle-release.ts); requests postpone it (withState, onHover).
  const release =
    collect &&
    idleRelease(collect, {
      busy: () => slicedWorkRunning() > 0 || documents.all().some((d) => diagnostics.pending(d.uri)),
      queued: otherImmediatesQueued,
    });
  const diagnostics = new DiagnosticsPublisher({
    connection,
    documents,
    models,
    settings,
    folders: () => folders,
    isPatch,
    publishPatch: (uri, version, signal) =>
      publishPatchDiagnostics({ connection, documents, patches, config: patchConfig }, uri, version, signal),
    prepare: (uri) => prepare(uri),
    publishC: (uri, version, signal) =>
      publishCDiagnostics(
        { connection, documents, settings, worker: cWorker, watcher: progress },
        uri,
        version,
        signal,
      ),
    ...options,
    onPublished: (report) => {
      release?.published();
      if (answeredStale.delete(report.uri))
        void connection.languages.inlayHint.refresh().catch(() => undefined);
      options.onPublished?.(report);
    },
  });
  // tree-sitter reads only a kernel tree's driver C sources (C files opened in the editor: in the
  // C worker; core/model's HEADER_PARSER reads headers): loaded before the first run that needs
  // it, never for a header outside a tree.
  const prepare = (uri: string): Promise<void> | undefined => {
    if (isCSource(uri)) return undefined;
    const path = uriToPath(uri);
    return path && readsDriverSources(workspaceRootFor(path, folders)) ? initParser() : undefined;
  };
  /** Documents answered from models older than their text: their inlay hints are refreshed after the rebuild. */
  const answeredStale = new Set<string>();
  connection.onNotification(COMPAT_BASE_TEXT_METHOD, (p: CompatBaseTextParams) => {
    const path = uriToPath(p.uri);
    if (!path) return;
    setBaseText(path, p.ref, p.text);
    if (documents.get(p.uri)) diagnostics.schedule(p.uri, 0);
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPull = !!params.capabilities.workspace?.configuration;
    canRefreshLenses = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
    return {
      capabilities: capabilities(),
      serverInfo: { name: 'kpw-language-server', version: KPW_VERSION },
    };
  });
  connection.onInitialized(() => void settings.refresh());
  connection.onDidChangeConfiguration((change) => void settings.refresh(change.settings));
  settings.onChange(() => {
    for (const doc of documents.all()) diagnostics.schedule(doc.uri, 0);
    void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  documents.onDidChangeContent((change) => {
    const uri = change.document.uri;
    diagnostics.schedule(uri, change.document.version <= 1 ? 0 : undefined);
    const path = uriToPath(uri);
    for (const dependent of path ? models.dependentsOf(path) : []) diagnostics.schedule(dependent);
  });
  documents.onDidClose((event) => {
    models.forget(event.document.uri);
    patches.forget(event.document.uri);
    diagnostics.clear(event.document.uri);
    cWorker.closed(event.document.uri);
  });

  /** Runs a feature on the models of a document. While a rebuild after an edit of the document is
   *  pending (the wait after a keystroke, or a run or build under way) the last models answer: a
   *  hover or inlay request never waits behind that rebuild; inlay hints are refreshed once it is
   *  published. An included file's change is waited out (the text is the same, what it means is
   *  not), as is a document's first build; builds run in slices, so other requests go on meanwhile. */
  const withState = async <T>(
    uri: string,
    fallback: T,
    f: (doc: TextDocument, state: DocumentState) => T,
  ): Promise<T> => {
    release?.postpone();
    if (isPatch(uri) || isCSource(uri)) return fallback;
    await prepare(uri); // hovers read the driver's dispatch too (once per server: the grammar load)
    try {
      const doc = documents.get(uri);
      if (!doc) return fallback;
      let state = models.fresh(uri);
      const last = state ? undefined : models.last(uri);
      if (last && last.version !== doc.version && (diagnostics.pending(uri) || models.building(uri))) {
        answeredStale.add(uri);
        state = last;
      }
      // A build cancelled by an edit meanwhile leaves the models before it, or the next build.
      state ??= (await models.build(uri)) ?? models.last(uri) ?? (await models.build(uri));
      const now = documents.get(uri);
      return now && state ? f(now, state) : fallback;
    } catch (err) {
      // A bug in one feature must not take the server down: log it and answer with nothing.
      connection.console.error(
        `kpw: request on ${uri} failed: ${err instanceof Error ? err.stack : String(err)}`,
      );
      return fallback;
    }
  };

  connection.onHover(async (params) => {
    release?.postpone();
    const doc = documents.get(params.textDocument.uri);
    if (doc && isCSource(doc.uri)) return cHover(doc, params, settings, cWorker);
    if (!doc || !isPatchDocument(doc)) return headerHover(params);
    await settings.loaded;
    try {
      return patchHover(await patches.get(doc, patchConfig()), params.position);
    } catch (err) {
      // The analysis it waited on was cancelled (an edit, a close): the hover was for an older text.
      if (isAbortError(err)) return null;
      connection.console.error(`kpw: patch hover failed: ${err instanceof Error ? err.stack : String(err)}`);
      return null;
    }
  });
  const headerHover = (params: HoverParams) =>
    withState(params.textDocument.uri, null, (doc, state) =>
      hover(doc, state, params, {
        featureUse: featureUseFor(state.models, state.path, overlayHost(documents), folders),
        recordExtra: (name) =>
          compatHover(
            compatBaseline(state, settings.value),
            state.models,
            name,
            settings.value.compat.baseRef,
          ),
      }),
    );
  connection.languages.inlayHint.on((params) =>
    withState(params.textDocument.uri, [], (_doc, state) =>
      inlayHints(state, params.range, settings.value.inlayHints),
    ),
  );
  connection.onCodeAction((params) => codeActions(params));
  connection.onDocumentSymbol((params) =>
    withState(params.textDocument.uri, [], (_doc, state) => documentSymbols(state.models, state.path)),
  );
  onRequest(connection, StructLayoutRequest, (params) =>
    withState(params.textDocument.uri, null, (doc, state) => structLayout(doc, state, params)),
  );
  onRequest(connection, ListRecordsRequest, (params) =>
    withState(params.textDocument.uri, [], (_doc, state) => listRecords(state)),
  );

  registerSim({
    connection,
    documents,
    folders: () => folders,
    includeDirs: () => settings.value.includeDirs,
    isPatch,
    canRefreshLenses: () => canRefreshLenses,
  });

  connection.onShutdown(() => cWorker.dispose());
  documents.listen(connection);
  connection.listen();
}

function capabilities(): InitializeResult['capabilities'] {
  return {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    hoverProvider: true,
    inlayHintProvider: true,
    codeActionProvider: { codeActionKinds: ['quickfix'] },
    documentSymbolProvider: true,
    codeLensProvider: { resolveProvider: false },
  };
}
