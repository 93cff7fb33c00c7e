// The Kernel Patch Workbench language server's entry point (dist/server.js):
// a connection over whatever transport the client chose (IPC, stdio, socket)
// and the features wired by start-server.ts. Tests start it in-process instead.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './start-server';

startServer(createConnection(ProposedFeatures.all));
