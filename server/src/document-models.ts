// Keeps one header model per open document and configured ABI, rebuilt on
// change with the incremental caches (include expansions, the previous parse
// tree). A document is stale when it, a file it includes, or the settings change.

import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type AbiSpec,
  modelHeaders,
  type HeaderModel,
  type HeaderModelCache,
} from '../../src/core/api/index';
import { snapshotHost } from '../../src/core/host/snapshot-host';
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
  state: DocumentState;
  caches: Map<string, HeaderModelCache>;
  /** Bumped when an included file changed, so the same document version rebuilds. */
  dirty: boolean;
  configKey: string;
}

export class DocumentModels {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly config: () => ModelConfig,
  ) {}

  /** Models for every configured ABI of the document, rebuilt when anything they depend on changed. */
  get(uri: string, signal?: AbortSignal): DocumentState | undefined {
    const doc = this.documents.get(uri);
    const path = uriToPath(uri);
    if (!doc || !path) return undefined;
    const config = this.config();
    const configKey = JSON.stringify([config.abis.map((a) => a.name), config.includeDirs]);
    const entry = this.entries.get(uri);
    if (entry && !entry.dirty && entry.state.version === doc.version && entry.configKey === configKey)
      return entry.state;
    const caches = entry?.configKey === configKey ? entry.caches : this.freshCaches(entry);
    // One view of the disk for all ABIs: each file is stat'ed and each include path probed once.
    const host = snapshotHost(overlayHost(this.documents));
    const started = performance.now();
    const models = modelHeaders({
      files: [path],
      abis: config.abis,
      host,
      caches,
      includeDirs: config.includeDirs,
      signal,
    });
    const state = { uri, path, version: doc.version, models, buildMs: performance.now() - started };
    this.entries.set(uri, { state, caches, dirty: false, configKey });
    return state;
  }

  /** The last models built for the document, whatever version they are of (undefined: none yet
   *  or the settings changed). Requests answer from these instead of waiting for a rebuild. */
  last(uri: string): DocumentState | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    const config = this.config();
    const configKey = JSON.stringify([config.abis.map((a) => a.name), config.includeDirs]);
    return entry.configKey === configKey ? entry.state : undefined;
  }

  /** Marks documents that read `path` (other than itself) stale; returns their URIs. */
  dependentsOf(path: string): string[] {
    const out: string[] = [];
    for (const [uri, entry] of this.entries) {
      if (entry.state.path === path) continue;
      if (entry.state.models[0]?.unit.files.includes(path)) {
        entry.dirty = true;
        out.push(uri);
      }
    }
    return out;
  }

  /** Every tracked document (to refresh after a settings change). */
  uris(): string[] {
    return [...this.entries.keys()];
  }

  forget(uri: string): void {
    this.freshCaches(this.entries.get(uri));
    this.entries.delete(uri);
  }

  private freshCaches(entry: Entry | undefined): Map<string, HeaderModelCache> {
    for (const cache of entry?.caches.values() ?? []) cache.parsed?.dispose();
    return new Map();
  }
}
