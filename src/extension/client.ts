// Starts the language server (dist/server.js, over IPC) for C and C++
// headers. VS Code maps `*.h` to C++ by default, so both languages are
// selected, limited to headers: .c files include kernel-internal headers.

import * as path from 'node:path';
import { window, type ExtensionContext } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SERVER_NODE_FLAGS } from './server-flags';
import { serverSnapshotArgs } from '../launch/snapshot';

export const HEADER_SELECTOR = [
  { scheme: 'file', language: 'c', pattern: '**/*.h' },
  { scheme: 'file', language: 'cpp', pattern: '**/*.h' },
  // Driver sources: the kernel-side checks (copy to userspace, destructive reads, errnos).
  { scheme: 'file', language: 'c', pattern: '**/*.c' },
];

/** Patch mails (.patch, .mbox, .eml and what KPW: Open Patch from Patchwork opens). */
export const PATCH_SELECTOR = [
  { scheme: 'file', language: 'kernel-patch' },
  { scheme: 'untitled', language: 'kernel-patch' },
];

export function createClient(context: ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server's V8 code cache (server/src/launch/code-cache.ts) lives with the extension's data.
  const env = { ...process.env, KPW_CACHE_DIR: context.globalStorageUri.fsPath };
  // With KPW_SNAPSHOT=1, from the server's startup snapshot when this Node can (not Electron's) and
  // its blob checks out; the first start builds it in the background (src/launch/snapshot.ts).
  const snapshot = serverSnapshotArgs(path.dirname(serverModule), SERVER_NODE_FLAGS, { env });
  const serverOptions: ServerOptions = {
    run: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { env, execArgv: [...SERVER_NODE_FLAGS, ...snapshot] },
    },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { env, execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6010'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...HEADER_SELECTOR, ...PATCH_SELECTOR],
    // The server pulls settings with workspace/configuration; this makes the client tell it when they change.
    synchronize: { configurationSection: 'kpw' },
    // vscode-languageclient 11 requires a LogOutputChannel.
    outputChannel: window.createOutputChannel('Kernel Patch Workbench', { log: true }),
  };
  return new LanguageClient('kpw', 'Kernel Patch Workbench', serverOptions, clientOptions);
}
