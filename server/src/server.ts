// The Kernel Patch Workbench language server: wiring only. Each feature lives
// in its own file; all analysis is done by the editor-independent core.

import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initParser } from '../../src/core/parser/tree-sitter';
import { uriToPath } from './convert';
import { publishDiagnostics } from './diagnostics';
import { DocumentModels } from './document-models';
import { layoutHover } from './hover';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const models = new DocumentModels(documents);
const ready = initParser();

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    hoverProvider: true,
  },
  serverInfo: { name: 'kpw-language-server', version: '0.1.0' },
}));

function refresh(uri: string): void {
  const file = uriToPath(uri);
  const list = models.get(uri);
  if (file && list) publishDiagnostics(connection, uri, list, file);
}

documents.onDidChangeContent((change) => void ready.then(() => refresh(change.document.uri)));
documents.onDidClose((event) => {
  models.forget(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onHover(async (params) => {
  await ready;
  const file = uriToPath(params.textDocument.uri);
  const list = models.get(params.textDocument.uri);
  return file && list ? layoutHover(list, file, params.position) : null;
});

documents.listen(connection);
connection.listen();
