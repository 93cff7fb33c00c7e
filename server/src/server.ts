// The Kernel Patch Workbench language server's bundle entry (dist/server-bundle.js):
// a connection over whatever transport the client chose (IPC, stdio, socket) and the
// features wired by start-server.ts. dist/server.js (launch/launch.ts) runs it through
// the V8 code cache and calls main(); run directly, it starts itself. Tests start it in-process.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer, type ServerOptions } from './start-server';

export function main(options: ServerOptions = {}): void {
  startServer(createConnection(ProposedFeatures.all), options);
}

if (require.main === module) main();
