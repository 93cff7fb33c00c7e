// The VS Code client: activate() starts the language server for C and C++
// headers and registers the UI features, each from its own file. Wiring only.

import type { ExtensionContext } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client';
import { registerOpenPatch } from './open-patch';
import { registerSimulator } from './sim-commands';
import { registerStructLayoutView } from './struct-layout-view';
import { registerTargetCommands } from './target-commands';
import { refreshCompatBases, registerCompatBase } from './compat-base';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  client = createClient(context);
  context.subscriptions.push(client);
  registerStructLayoutView(context, client);
  registerOpenPatch(context);
  registerSimulator(context, client);
  registerTargetCommands(context, client);
  registerCompatBase(context, client);
  await client.start();
  refreshCompatBases(client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
