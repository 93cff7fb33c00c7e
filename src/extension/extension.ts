// The VS Code client: activate() wires the language server for C and C++
// headers (VS Code maps *.h to C++ by default) and nothing else.

import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { window } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'c' },
      { scheme: 'file', language: 'cpp', pattern: '**/*.h' },
    ],
    outputChannel: window.createOutputChannel('Kernel Patch Workbench', { log: true }),
  };
  client = new LanguageClient('kpw', 'Kernel Patch Workbench', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
