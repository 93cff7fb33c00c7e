// Smoke test of the bundled server (dist/server.js from `node esbuild.mjs`) as
// VS Code runs it: a child process, here over stdio. Checks that the bundle
// finds its wasm files and answers a hover, and that its C checks' worker runs a C
// document's checks. Skips when the bundle is missing.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SERVER_NODE_FLAGS } from '../../src/extension/server-flags';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Hover,
  type MarkupContent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { positionOf } from './helpers/lsp-session';

const bundle = join(__dirname, '..', '..', 'dist', 'server.js');
const holesPath = join(__dirname, '..', 'fixtures', 'server', 'holes.h');

describe(
  'bundled server over stdio',
  { skip: existsSync(bundle) ? false : 'dist/server.js missing: run node esbuild.mjs' },
  () => {
    let child: ChildProcess;
    let client: ProtocolConnection;

    before(async () => {
      // With the Node flags the extension starts it with: a worker refuses V8 flags given to it.
      child = spawn(process.execPath, [...SERVER_NODE_FLAGS, bundle, '--stdio'], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      client = createProtocolConnection(
        new StreamMessageReader(child.stdout!),
        new StreamMessageWriter(child.stdin!),
      );
      client.listen();
      await client.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      await client.sendNotification('initialized', {});
    });

    after(async () => {
      await client.sendRequest('shutdown');
      await client.sendNotification('exit');
      client.dispose();
    });

    test('hover on a struct answers with its layout', async () => {
      const text = readFileSync(holesPath, 'utf8');
      const uri = pathToFileURL(holesPath).toString();
      await client.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'cpp', version: 1, text },
      });
      const hover = await client.sendRequest<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(text, 'struct skewed {', 8),
      });
      assert.ok((hover?.contents as MarkupContent).value.includes('| i386 | **12** | **4** |'));
    });

    test('a C document is checked (the bundle finds dist/c-worker.js and its wasm)', async () => {
      const file = join(__dirname, '..', 'fixtures', 'checks', 'kernel-destructive-read', 'zpci-err-v20.c');
      const text = readFileSync(file, 'utf8');
      const uri = pathToFileURL(file).toString();
      const published = new Promise<{ code?: string | number }[]>((resolve) =>
        client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
          if (p.uri === uri) resolve(p.diagnostics);
        }),
      );
      await client.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'c', version: 1, text },
      });
      assert.deepEqual(
        (await published).map((d) => d.code),
        ['kernel-destructive-read'],
      );
    });
  },
);
