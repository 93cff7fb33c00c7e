// Publishes a document's diagnostics: the header model's own (preprocessor,
// parser, layout; merged over all ABIs) plus the UAPI checks. Runs debounced
// after edits; a newer edit aborts an older run, and a result computed for an
// older document version is dropped instead of overwriting a newer one.

import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../../src/core/diag/diagnostic';
import type { HeaderModel } from '../../src/core/model/header-model';
import { runDocumentChecks } from './checks';
import { toLspDiagnostic } from './convert';
import type { DocumentModels } from './document-models';
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
  /** Publishes a C source document (kernel-side checks, c-source.ts); such documents get no header model. */
  publishC?: (uri: string, version: number, signal: AbortSignal) => Promise<void>;
}

/** Model diagnostics of `file` over every ABI, one per distinct problem; a problem
 *  that only some ABIs have names them (`... [i386, arm]`). */
export function mergedDiagnostics(models: HeaderModel[], file: string): Diagnostic[] {
  const seen = new Map<string, { d: Diagnostic; abis: Set<string> }>();
  for (const model of models) {
    for (const d of model.diagnostics) {
      if (d.file !== file) continue;
      const key = `${d.code}|${d.range.start.line}|${d.range.start.character}|${d.message}`;
      const entry = seen.get(key) ?? { d, abis: new Set<string>() };
      entry.abis.add(model.abi.name);
      seen.set(key, entry);
    }
  }
  return [...seen.values()].map(({ d, abis }) => {
    const names = [...abis];
    // Messages that already name their ABI (the asm fallback note) stay as they are.
    if (abis.size === models.length || names.every((a) => d.message.includes(a))) return d;
    return { ...d, message: `${d.message} [${names.join(', ')}]` };
  });
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
      else if (uri.endsWith('.c') && this.deps.publishC) await this.deps.publishC(uri, version, controller.signal);
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
    const found = mergedDiagnostics(state.models, state.path);
    const job = {
      state,
      host: overlayHost(documents),
      settings: settings.value,
      folders: this.deps.folders(),
      signal,
    };
    found.push(...runDocumentChecks(job));
    const checksMs = performance.now() - started;
    // A newer edit may have arrived while we computed: never publish over it.
    if (signal.aborted || documents.get(uri)?.version !== version) return;
    const disabled = new Set(settings.value.checks.disabled);
    const diagnostics = found.filter((d) => !disabled.has(d.code)).map(toLspDiagnostic);
    void this.deps.connection.sendDiagnostics({ uri, version, diagnostics });
    this.deps.onPublished?.({ uri, version, count: diagnostics.length, buildMs: state.buildMs, checksMs });
  }
}
