// kpw's custom LSP messages, all named "kpw/...": one import for the server
// and the client. Each message lives in its own file with its types and one
// RequestType constant (request-type.ts) binding params to result.

export * from './request-type';
export * from './struct-layout';
export * from './sim';
