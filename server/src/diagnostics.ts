// Publishes a document's diagnostics: the header model's own (preprocessor,
// parser, layout; merged over all ABIs) plus the UAPI checks. Runs after edits with
// an adaptive wait (about what a run of the document costs, at most the setting);
// a newer edit aborts an older run (its model build too), and a result computed for an
// older document version is dropped instead of overwriting a newer one. Builds and
// checks run in time slices, so no other request waits behind them.

import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyzeHeaderModelSteps,
  isAbortError,
  MAX_PUBLISHED_DIAGNOSTICS,
  runSliced,
} from '../../src/core/api/index';
import type { Diagnostic } from '../../src/core/diag/diagnostic';
import { DiagCode } from '../../src/core/diag/codes';
import { toLspDiagnostic } from './convert';
import type { DocumentModels } from './document-models';
import { compatBaseline, prepareCompatBaseline } from './compat-baseline';
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
  /** Publishes a kernel-patch document (patch/patch-diagnostics.ts); such documents are not C headers. */
  publishPatch?: (uri: string, version: number, signal: AbortSignal) => Promise<number | undefined>;
  isPatch?: (uri: string) => boolean;
  /** Work to await before a header's run (loading tree-sitter for a kernel tree's driver sources). */
  prepare?: (uri: string) => Promise<void> | undefined;
  /** Replaces the adaptive wait after an edit (tests hold a rebuild pending with it). */
  wait?: (adaptiveMs: number) => number;
  /** The time slice of builds and checks (tests: 0). */
  sliceMs?: number;
  /** Publishes a C source document (kernel-side checks, c-source.ts); such documents get no header model. */
  publishC?: (uri: string, version: number, signal: AbortSignal) => Promise<void>;
}

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, AbortController>();
  /** Moving average of what a run of each document cost (ms): the wait after a keystroke. */
  private readonly cost = new Map<string, number>();

  constructor(private readonly deps: DiagnosticsDeps) {}

  /** Recomputes after `delayMs`, by default the adaptive wait (0: on the next turn of the event loop). */
  schedule(uri: string, delayMs = this.adaptiveDelay(uri)): void {
    clearTimeout(this.timers.get(uri));
    this.running.get(uri)?.abort();
    // The build under way is of an older text or older settings: its models would never be used.
    this.deps.models.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => void this.run(uri), delayMs),
    );
  }

  /**
   * The wait after a keystroke: about as long as a run of this document costs (the average of
   * the last runs), never more than the setting, as clangd times its debounce by its rebuilds.
   * Keystrokes that come faster than runs finish are coalesced; a slow typist waits little. A
   * fixed wait of 150 ms was most of the edit-to-diagnostics delay while the work took ~25 ms.
   * Before the first measured run: a third of the setting.
   */
  adaptiveDelay(uri: string): number {
    const max = this.deps.settings.value.diagnostics.debounceMs;
    const cost = this.cost.get(uri);
    const adaptive = Math.min(max, cost === undefined ? Math.round(max / 3) : Math.ceil(cost));
    return this.deps.wait ? this.deps.wait(adaptive) : adaptive;
  }

  /** Whether a run for `uri` is waiting or under way (the models may be older than the text). */
  pending(uri: string): boolean {
    return this.timers.has(uri) || this.running.has(uri);
  }

  /** Stops pending work for a closed document and clears its diagnostics. */
  clear(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.running.get(uri)?.abort();
    this.deps.models.cancel(uri);
    this.cost.delete(uri);
    void this.deps.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async run(uri: string): Promise<void> {
    this.timers.delete(uri);
    const controller = new AbortController();
    this.running.set(uri, controller);
    const version = this.deps.documents.get(uri)?.version;
    try {
      await this.deps.settings.loaded;
      if (!this.deps.isPatch?.(uri)) await this.deps.prepare?.(uri);
      // Superseded, closed or edited meanwhile: nothing to publish (the finally still ends the run,
      // so pending() does not stay true for a closed document).
      if (
        controller.signal.aborted ||
        version === undefined ||
        this.deps.documents.get(uri)?.version !== version
      )
        return;
      if (this.deps.isPatch?.(uri) && this.deps.publishPatch)
        await this.deps.publishPatch(uri, version, controller.signal);
      else if (uri.endsWith('.c') && this.deps.publishC)
        await this.deps.publishC(uri, version, controller.signal);
      else await this.publish(uri, version, controller.signal);
    } catch (err) {
      if (isAbortError(err)) return;
      this.deps.connection.console.error(
        `kpw: diagnostics of ${uri} failed: ${err instanceof Error ? err.stack : String(err)}`,
      );
    } finally {
      if (this.running.get(uri) === controller) this.running.delete(uri);
    }
  }

  private async publish(uri: string, version: number, signal: AbortSignal): Promise<void> {
    const { models, settings, documents } = this.deps;
    const state = await models.build(uri);
    if (!state || state.version !== version || signal.aborted) return;
    await prepareCompatBaseline(state, settings.value, signal);
    const stats = { busyMs: 0 };
    const steps = analyzeHeaderModelSteps(state.models, {
      files: [state.path],
      host: overlayHost(documents),
      folders: this.deps.folders(),
      forceUapi: settings.value.checks.forceUapi,
      before: compatBaseline(state, settings.value),
      codes: { disable: settings.value.checks.disabled },
      signal,
    });
    const found = await runSliced(steps, { signal, stats, sliceMs: this.deps.sliceMs });
    const checksMs = stats.busyMs;
    // A newer edit may have arrived while we computed: never publish over it.
    if (signal.aborted || documents.get(uri)?.version !== version) return;
    // This document's findings only: its includes' problems are theirs to show.
    const diagnostics = capped(found.filter((d) => d.file === state.path)).map(toLspDiagnostic);
    void this.deps.connection.sendDiagnostics({ uri, version, diagnostics });
    const spent = state.buildMs + checksMs;
    const before = this.cost.get(uri);
    this.cost.set(uri, before === undefined ? spent : (before + spent) / 2);
    this.deps.onPublished?.({ uri, version, count: diagnostics.length, buildMs: state.buildMs, checksMs });
  }
}

/** At most MAX_PUBLISHED_DIAGNOSTICS findings (in order), then one saying how many more there are:
 *  never a silent cut, and no publication that takes long to serialize. */
export function capped(list: Diagnostic[]): Diagnostic[] {
  if (list.length <= MAX_PUBLISHED_DIAGNOSTICS) return list;
  const first = list[MAX_PUBLISHED_DIAGNOSTICS];
  const more = list.length - MAX_PUBLISHED_DIAGNOSTICS;
  return [
    ...list.slice(0, MAX_PUBLISHED_DIAGNOSTICS),
    {
      code: DiagCode.fileTooLarge,
      severity: 'warning',
      file: first.file,
      range: first.range,
      message:
        `${more} more findings from here on are not shown: the editor shows at most ` +
        `${MAX_PUBLISHED_DIAGNOSTICS} per file (\`kpw check\` lists them all)`,
    },
  ];
}
