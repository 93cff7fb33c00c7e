// Sends one of src/protocol's RequestType constants: params and result are the
// protocol's types, so the client and the server cannot disagree silently.

import type { LanguageClient } from 'vscode-languageclient/node';
import type { RequestType } from '../protocol/request-type';

export function sendRequest<P, R>(
  client: Pick<LanguageClient, 'sendRequest'>,
  type: RequestType<P, R>,
  params: P,
): Promise<R> {
  return client.sendRequest<R>(type.method, params);
}
