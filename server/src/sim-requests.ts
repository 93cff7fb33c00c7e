// Wires the simulator session onto the connection: the kpw/sim/* requests,
// the code lenses showing the last answer, and which open vfio.h the session
// follows. A failing request answers { ok: false, error } and logs the stack.

import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  SIM_EVENT_METHOD,
  SIM_READ_METHOD,
  SIM_REQUEST_METHOD,
  SIM_RESET_METHOD,
  SIM_RUN_SCENARIO_METHOD,
  SIM_STATE_METHOD,
  type SimStateParams,
} from '../../src/protocol/sim';
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
    async (p: P, token?: CancellationToken): Promise<R | { ok: false; error: string }> => {
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
  c.onRequest(
    SIM_STATE_METHOD,
    guarded(SIM_STATE_METHOD, (p: SimStateParams) => session.state(p?.history ?? true), false),
  );
  c.onRequest(
    SIM_EVENT_METHOD,
    guarded(SIM_EVENT_METHOD, (p) => simEvent(session, p)),
  );
  c.onRequest(
    SIM_READ_METHOD,
    guarded(SIM_READ_METHOD, (p) => simRead(session, p)),
  );
  c.onRequest(
    SIM_REQUEST_METHOD,
    guarded(SIM_REQUEST_METHOD, (p) => simRequest(session, p)),
  );
  c.onRequest(
    SIM_RESET_METHOD,
    guarded(SIM_RESET_METHOD, (p) => simReset(session, p)),
  );
  c.onRequest(
    SIM_RUN_SCENARIO_METHOD,
    guarded(SIM_RUN_SCENARIO_METHOD, (p, signal) => simRunScenario(session, w.documents, p, signal), false),
  );
  c.onCodeLens((params) => {
    const doc = w.documents.get(params.textDocument.uri);
    if (!doc || w.isPatch(doc.uri)) return [];
    return simCodeLenses(doc, session.history.lastIoctl());
  });
  return session;
}
