// Keeps one header model per open document and ABI, rebuilt on change with
// the incremental caches (include expansions, the previous parse tree).

import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ABIS } from '../../src/core/abi/index';
import {
  buildHeaderModelSync,
  createHeaderModelCache,
  type HeaderModel,
  type HeaderModelCache,
} from '../../src/core/model/header-model';
import { uriToPath } from './convert';
import { overlayHost } from './overlay-host';

interface Entry {
  version: number;
  models: HeaderModel[];
  caches: HeaderModelCache[];
}

export class DocumentModels {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  /** Models for every ABI of the document, rebuilt when its version changed. */
  get(uri: string): HeaderModel[] | undefined {
    const doc = this.documents.get(uri);
    const path = uriToPath(uri);
    if (!doc || !path) return undefined;
    let entry = this.entries.get(uri);
    if (entry && entry.version === doc.version) return entry.models;
    const caches = entry?.caches ?? ABIS.map(() => createHeaderModelCache());
    const host = overlayHost(this.documents);
    const models = ABIS.map((abi, i) => buildHeaderModelSync({ files: [path], abi, host, cache: caches[i] }));
    entry = { version: doc.version, models, caches };
    this.entries.set(uri, entry);
    return models;
  }

  forget(uri: string): void {
    const entry = this.entries.get(uri);
    for (const cache of entry?.caches ?? []) cache.parsed?.dispose();
    this.entries.delete(uri);
  }
}
