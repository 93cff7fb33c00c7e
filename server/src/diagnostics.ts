// Publishes a document's diagnostics: the core's header analysis (the model's
// own diagnostics merged over all ABIs, the UAPI checks, the code filter). Runs debounced
// after edits; a newer edit aborts an older run, and a result computed for an
// older document version is dropped instead of overwriting a newer one.

import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeHeaderModels } from '../../src/core/api/index';
import { toLspDiagnostic } from './convert';
import type { DocumentModels } from './document-models';
import { compatBaseline } from './compat-baseline';
import { overlayHost } from './overlay-host';
import type { SettingsStore } from './settings';

/** Timings of one published run (for the log and the benchmark). */
export interface PublishReport {
  uri: string;
  version: number;
  count: number;
  buildMs: number;
  checksMs: number;
}

export interface DiagnosticsDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  models: DocumentModels;
  settings: SettingsStore;
  folders: () => string[];
  onPublished?: (report: PublishReport) => void;
  /** Publishes a kernel-patch document (patch-diagnostics.ts); such documents are not C headers. */
  publishPatch?: (uri: string, version: number, signal: AbortSignal) => Promise<number | undefined>;
  isPatch?: (uri: string) => boolean;
}

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly deps: DiagnosticsDeps) {}

  /** Recomputes after the debounce delay (0: on the next turn of the event loop). */
  schedule(uri: string, delayMs = this.deps.settings.value.diagnostics.debounceMs): void {
    clearTimeout(this.timers.get(uri));
    this.running.get(uri)?.abort();
    this.timers.set(
      uri,
      setTimeout(() => void this.run(uri), delayMs),
    );
  }

  /** Stops pending work for a closed document and clears its diagnostics. */
  clear(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.running.get(uri)?.abort();
    void this.deps.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async run(uri: string): Promise<void> {
    this.timers.delete(uri);
    const controller = new AbortController();
    this.running.set(uri, controller);
    const version = this.deps.documents.get(uri)?.version;
    await this.deps.settings.loaded;
    if (
      controller.signal.aborted ||
      version === undefined ||
      this.deps.documents.get(uri)?.version !== version
    )
      return;
    try {
      if (this.deps.isPatch?.(uri) && this.deps.publishPatch) await this.deps.publishPatch(uri, version, controller.signal);
      else this.publish(uri, version, controller.signal);
    } catch (err) {
      this.deps.connection.console.error(
        `kpw: diagnostics of ${uri} failed: ${err instanceof Error ? err.stack : String(err)}`,
      );
    } finally {
      if (this.running.get(uri) === controller) this.running.delete(uri);
    }
  }

  private publish(uri: string, version: number, signal: AbortSignal): void {
    const { models, settings, documents } = this.deps;
    const state = models.get(uri, signal);
    if (!state || state.version !== version) return;
    const started = performance.now();
    const found = analyzeHeaderModels(state.models, {
      files: [state.path],
      host: overlayHost(documents),
      folders: this.deps.folders(),
      forceUapi: settings.value.checks.forceUapi,
      before: compatBaseline(state, settings.value),
      codes: { disable: settings.value.checks.disabled },
      signal,
    });
    const checksMs = performance.now() - started;
    // A newer edit may have arrived while we computed: never publish over it.
    if (signal.aborted || documents.get(uri)?.version !== version) return;
    // This document's findings only: its includes' problems are theirs to show.
    const diagnostics = found.filter((d) => d.file === state.path).map(toLspDiagnostic);
    void this.deps.connection.sendDiagnostics({ uri, version, diagnostics });
    this.deps.onPublished?.({ uri, version, count: diagnostics.length, buildMs: state.buildMs, checksMs });
  }
}
