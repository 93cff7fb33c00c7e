// Keeps one header model per open document and configured ABI, rebuilt on
// change with the incremental caches (include expansions, the previous parse
// tree). A document is stale when it, a file it includes, or the settings change.
// Builds run in time slices (the core's runSliced): other requests are served in
// between; a build that became stale (an edit, a close, new settings) is abandoned.

import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type AbiSpec,
  modelHeaderSteps,
  runSliced,
  type HeaderModel,
  type HeaderModelCache,
} from '../../src/core/api/index';
import { snapshotHost } from '../../src/core/host/snapshot-host';
import type { FileHost } from '../../src/core/host/types';
import { uriToPath } from './convert';
import { overlayHost } from './overlay-host';

/** The models of one document version, reference ABI first. */
export interface DocumentState {
  uri: string;
  path: string;
  version: number;
  models: HeaderModel[];
  /** Milliseconds the last (re)build took. */
  buildMs: number;
}

export interface ModelConfig {
  abis: AbiSpec[];
  includeDirs: string[];
}

interface Entry {
  /** The last models built (undefined until the first build finished). */
  state?: DocumentState;
  caches: Map<string, HeaderModelCache>;
  /** Set when an included file changed, so the same document version rebuilds. */
  dirty: boolean;
  configKey: string;
  /** The build under way: what it builds (version, settings, dirtiness) and how to stop it. */
  building?: Build;
}

interface Build {
  key: string;
  controller: AbortController;
  done: Promise<DocumentState | undefined>;
  /** Files the build has looked at so far (a change to one of them makes it stale). */
  reads: Set<string>;
}

/** Called when a build needs more than one slice (progress reports): returns what to call when
 *  that build ends (`cancelled`: abandoned for an edit, a close, new settings). Per build, not per
 *  document: a cancelled build may end after the next build of the same document has started. */
export interface BuildWatcher {
  started(uri: string): (cancelled: boolean) => void;
  /** A step of a long analysis worth naming (a patch's findings being ordered), said on the
   *  document's latest build's progress. */
  report?(uri: string, message: string): void;
}

export class DocumentModels {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly config: () => ModelConfig,
    private readonly watcher?: BuildWatcher,
    private readonly sliceMs?: number,
  ) {}

  /** The models when they are of the document's current text and settings, else undefined. */
  fresh(uri: string): DocumentState | undefined {
    const doc = this.documents.get(uri);
    const entry = this.entries.get(uri);
    if (!doc || !entry?.state || entry.dirty || entry.configKey !== this.configKey()) return undefined;
    return entry.state.version === doc.version ? entry.state : undefined;
  }

  /**
   * Models for every configured ABI of the document, built in time slices when anything they depend
   * on changed. Callers asking for the same build share it; a build for an older version, other
   * settings, or before an included file changed is cancelled first (its models never appear).
   * Undefined when the document is gone or the build was cancelled.
   */
  async build(uri: string): Promise<DocumentState | undefined> {
    const ready = this.fresh(uri);
    if (ready) return ready;
    const doc = this.documents.get(uri);
    const path = uriToPath(uri);
    if (!doc || !path) return undefined;
    const config = this.config();
    const configKey = this.configKey();
    let entry = this.entries.get(uri);
    const key = JSON.stringify([doc.version, configKey, entry?.dirty ?? false]);
    if (entry?.building?.key === key) return entry.building.done;
    // One build per document at a time: the caches are not shared between two builds.
    if (entry?.building) {
      entry.building.controller.abort();
      await entry.building.done;
      return this.build(uri);
    }
    if (!entry || entry.configKey !== configKey) {
      entry = { state: entry?.state, caches: this.freshCaches(entry), dirty: false, configKey };
      this.entries.set(uri, entry);
    }
    const controller = new AbortController();
    const building: Build = { key, controller, done: Promise.resolve(undefined), reads: new Set() };
    building.done = this.run(uri, path, doc.version, entry, config, building).finally(() => {
      if (entry.building === building) entry.building = undefined;
    });
    entry.building = building;
    return building.done;
  }

  /** Whether a build of the document is under way (requests answer from the last models meanwhile). */
  building(uri: string): boolean {
    return this.entries.get(uri)?.building !== undefined;
  }

  /** Cancels the build under way (its text or settings are out of date). */
  cancel(uri: string): void {
    this.entries.get(uri)?.building?.controller.abort();
  }

  /** The last models built for the document, whatever version they are of (undefined: none yet
   *  or the settings changed). Requests answer from these instead of waiting for a rebuild. */
  last(uri: string): DocumentState | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    return entry.configKey === this.configKey() ? entry.state : undefined;
  }

  /** Marks documents that read `path` (other than itself) stale; returns their URIs. */
  dependentsOf(path: string): string[] {
    const out: string[] = [];
    for (const [uri, entry] of this.entries) {
      if (uriToPath(uri) === path) continue;
      // A build under way that already looked at `path` read it as it was: it starts again.
      const read = entry.building?.reads.has(path);
      if (read || entry.state?.models[0]?.unit.files.includes(path)) {
        entry.dirty = true;
        entry.building?.controller.abort();
        out.push(uri);
      }
    }
    return out;
  }

  /** Every tracked document (to refresh after a settings change). */
  uris(): string[] {
    return [...this.entries.keys()];
  }

  /** A closed document: its build is cancelled, its models and caches dropped. */
  forget(uri: string): void {
    const entry = this.entries.get(uri);
    this.entries.delete(uri);
    if (!entry) return;
    if (!entry.building) this.freshCaches(entry);
    else {
      entry.building.controller.abort();
      // The caches are released once the cancelled build has stopped using them.
      void entry.building.done.then(() => this.freshCaches(entry));
    }
  }

  private async run(
    uri: string,
    path: string,
    version: number,
    entry: Entry,
    config: ModelConfig,
    building: Build,
  ): Promise<DocumentState | undefined> {
    const signal = building.controller.signal;
    // One view of the disk for all ABIs: each file is stat'ed and each include path probed once.
    const snapshot = snapshotHost(overlayHost(this.documents));
    const noted =
      <T>(read: (p: string) => T) =>
      (p: string): T => {
        building.reads.add(p);
        return read(p);
      };
    const host: FileHost = {
      ...snapshot,
      readFile: noted(snapshot.readFile),
      version: noted((p) => snapshot.version?.(p)),
    };
    const stats = { busyMs: 0 };
    let watched = false;
    let ended: ((cancelled: boolean) => void) | undefined;
    try {
      const models = await runSliced(
        modelHeaderSteps({
          files: [path],
          abis: config.abis,
          host,
          caches: entry.caches,
          includeDirs: config.includeDirs,
        }),
        {
          signal,
          stats,
          sliceMs: this.sliceMs,
          onSlice: () => {
            if (!watched) ended = this.watcher?.started(uri);
            watched = true;
          },
        },
      );
      if (signal.aborted || this.entries.get(uri) !== entry) return undefined;
      const state = { uri, path, version, models, buildMs: stats.busyMs };
      entry.state = state;
      entry.dirty = false;
      return state;
    } catch (err) {
      if (signal.aborted) return undefined;
      throw err;
    } finally {
      ended?.(signal.aborted);
    }
  }

  private configKey(): string {
    const config = this.config();
    return JSON.stringify([config.abis.map((a) => a.name), config.includeDirs]);
  }

  private freshCaches(entry: Entry | undefined): Map<string, HeaderModelCache> {
    for (const cache of entry?.caches.values() ?? []) cache.parsed?.dispose();
    return new Map();
  }
}
