// Binds a handler to one of src/protocol's RequestType constants, so the
// handler's params and result are the protocol's types (never `any`), and a
// change on one end that the other does not follow fails to compile.

import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import type { RequestType } from '../../src/protocol/request-type';

export function onRequest<P, R>(
  connection: Pick<Connection, 'onRequest'>,
  type: RequestType<P, R>,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): void {
  connection.onRequest(type.method, async (params: P, token: CancellationToken): Promise<R> =>
    handler(params, token),
  );
}
