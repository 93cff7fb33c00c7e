// One typed constant per custom request: the method name bound to its params
// and result types (clangd's `new RequestType<P, R, E>(method)`). Our own
// class rather than vscode-jsonrpc's, because the server and the client bundle
// different copies of that package and its class is nominal across them; each
// end binds it through one helper (server/src/requests.ts, src/extension/requests.ts).

export class RequestType<P, R> {
  /** Phantom fields: carry P and R in the type, never set at runtime. */
  declare readonly _params?: P;
  declare readonly _result?: R;
  constructor(readonly method: string) {}
}

export type ParamsOf<T> = T extends RequestType<infer P, unknown> ? P : never;
export type ResultOf<T> = T extends RequestType<unknown, infer R> ? R : never;
