// The language server's warm-up while its startup snapshot is built (snapshot-entry.ts): a real
// server over in-memory streams opens the embedded synthetic tree's header (src/launch/
// warm-up-tree.ts: never a file of the user's or the machine's), answers a hover, inlay hints and
// symbols, and closes it, so the snapshot keeps the bytecode an open compiles, includes included.

import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createConnection,
  createProtocolConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { startServer } from '../start-server';
import { writeWarmUpTree } from '../../../src/launch/warm-up-tree';

/** Runs one session to its end; resolves when the server is quiet again. */
export async function warmUp(): Promise<void> {
  const tree = writeWarmUpTree();
  try {
    await session(pathToFileURL(tree.main).href, readFileSync(tree.main, 'utf8'));
  } finally {
    tree.remove();
  }
}

async function session(uri: string, text: string): Promise<void> {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const server = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(toServer),
    new StreamMessageWriter(fromServer),
  );
  let published: () => void = () => undefined;
  const firstPublish = new Promise<void>((resolve) => (published = resolve));
  // No forced collection: the snapshot is taken after a full one anyway.
  startServer(server, {
    collect: () => undefined,
    onPublished: (report) => {
      if (report.uri === uri) published();
    },
  });
  const client = createProtocolConnection(
    new StreamMessageReader(fromServer),
    new StreamMessageWriter(toServer),
  );
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  await client.sendNotification('initialized', {});
  const textDocument = { uri };
  await client.sendNotification('textDocument/didOpen', {
    textDocument: { ...textDocument, languageId: 'c', version: 1, text },
  });
  await firstPublish;
  const line = text.split('\n').findIndex((l) => l.startsWith('struct kpw_warm_info'));
  await client.sendRequest('textDocument/hover', { textDocument, position: { line, character: 10 } });
  await client.sendRequest('textDocument/inlayHint', {
    textDocument,
    range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } },
  });
  await client.sendRequest('textDocument/documentSymbol', { textDocument });
  await client.sendNotification('textDocument/didClose', { textDocument });
  await client.sendRequest('shutdown');
  client.dispose();
  server.dispose();
  toServer.end();
  fromServer.end();
}
