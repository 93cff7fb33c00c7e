// The custom requests are typed end to end: a handler or a call whose params or
// result disagree with src/protocol fails to compile (the @ts-expect-error lines
// make `tsc --noEmit` fail if the types ever stop catching it), and at run time
// a bound handler answers exactly what the protocol constant names.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { onRequest } from '../../../server/src/requests';
import { sendRequest } from '../../../src/extension/requests';
import {
  ListRecordsRequest,
  SimEventRequest,
  SimStateRequest,
  StructLayoutRequest,
} from '../../../src/protocol/index';

type Handler = (p: unknown) => unknown;

function fakeConnection(): { handlers: Map<string, Handler>; onRequest: (m: string, h: Handler) => void } {
  const handlers = new Map<string, Handler>();
  return { handlers, onRequest: (m, h) => void handlers.set(m, h) };
}

test('handlers and calls are bound to the protocol types', async () => {
  const conn = fakeConnection();
  const c = conn as unknown as Parameters<typeof onRequest>[0];
  onRequest(c, SimEventRequest, (p) => {
    const pec: number = p.pec;
    // @ts-expect-error: SimEventParams has no `flags`
    void p.flags;
    return { ok: true, answers: [], pec } as never;
  });
  // @ts-expect-error: a list-records handler must answer RecordSummary[], not a string
  onRequest(c, ListRecordsRequest, () => 'records');
  onRequest(c, StructLayoutRequest, () => null);
  const client = {
    sendRequest: async (method: string, params: unknown) => conn.handlers.get(method)!(params),
  };
  const k = client as unknown as Parameters<typeof sendRequest>[0];
  // @ts-expect-error: SimStateParams' `history` is a boolean
  void sendRequest(k, SimStateRequest, { history: 'yes' }).catch(() => undefined);
  assert.equal(
    await sendRequest(k, StructLayoutRequest, {
      textDocument: { uri: 'file:///x.h' },
      position: { line: 0, character: 0 },
    }),
    null,
  );
  assert.deepEqual([...conn.handlers.keys()].sort(), [
    'kpw/listRecords',
    'kpw/sim/event',
    'kpw/structLayout',
  ]);
});
