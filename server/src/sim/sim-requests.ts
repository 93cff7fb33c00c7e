// Wires the simulator session onto the connection: the kpw/sim/* requests,
// the code lenses showing the last answer, and which open vfio.h the session
// follows. A failing request answers { ok: false, error } and logs the stack.
// Handlers are bound by the protocol's RequestType constants: params and
// results are typed from src/protocol, never `any`.

import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  SimEventRequest,
  SimReadRequest,
  SimRequestRequest,
  SimResetRequest,
  SimRunScenarioRequest,
  SimStateRequest,
  type SimError,
} from '../../../src/protocol/sim';
import { onRequest } from '../requests';
import { simCodeLenses } from './sim-code-lens';
import { isSimHeader } from './sim-header';
import { simEvent, simRead, simRequest, simReset } from './sim-operations';
import { simRunScenario } from './sim-scenario';
import { SimSession } from './sim-session';

export interface SimWiring {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  folders: () => string[];
  includeDirs: () => string[];
  isPatch: (uri: string) => boolean;
  /** The client handles workspace/codeLens/refresh. */
  canRefreshLenses: () => boolean;
}

export function registerSim(w: SimWiring): SimSession {
  const session = new SimSession({ documents: w.documents, folders: w.folders, includeDirs: w.includeDirs });
  w.documents.onDidChangeContent((change) => {
    if (isSimHeader(change.document)) session.touch(change.document.uri);
  });
  const refreshLenses = () => {
    if (w.canRefreshLenses())
      void w.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };
  const guarded =
    <P, R>(name: string, f: (p: P, signal: AbortSignal) => Promise<R>, changes = true) =>
    async (p: P, token?: CancellationToken): Promise<R | SimError> => {
      // The client's cancellation reaches long work (a scenario run) as an AbortSignal.
      const abort = new AbortController();
      token?.onCancellationRequested(() => abort.abort());
      try {
        const result = await f(p, abort.signal);
        if (changes) refreshLenses();
        return result;
      } catch (err) {
        w.connection.console.error(`kpw: ${name} failed: ${err instanceof Error ? err.stack : String(err)}`);
        return { ok: false, error: `${name} failed: ${err instanceof Error ? err.message : String(err)}` };
      }
    };
  const c = w.connection;
  onRequest(
    c,
    SimStateRequest,
    guarded(SimStateRequest.method, (p) => session.state(p?.history ?? true), false),
  );
  onRequest(
    c,
    SimEventRequest,
    guarded(SimEventRequest.method, (p) => simEvent(session, p)),
  );
  onRequest(
    c,
    SimReadRequest,
    guarded(SimReadRequest.method, (p) => simRead(session, p)),
  );
  onRequest(
    c,
    SimRequestRequest,
    guarded(SimRequestRequest.method, (p) => simRequest(session, p)),
  );
  onRequest(
    c,
    SimResetRequest,
    guarded(SimResetRequest.method, (p) => simReset(session, p)),
  );
  onRequest(
    c,
    SimRunScenarioRequest,
    guarded(
      SimRunScenarioRequest.method,
      (p, signal) => simRunScenario(session, w.documents, p, w.folders(), signal),
      false,
    ),
  );
  c.onCodeLens((params) => {
    const doc = w.documents.get(params.textDocument.uri);
    if (!doc || w.isPatch(doc.uri)) return [];
    return simCodeLenses(doc, session.history.lastIoctl());
  });
  return session;
}
