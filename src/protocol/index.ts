// kpw's custom LSP messages, all named "kpw/...": one import for the server
// and the client. Each message lives in its own file with its types.

export * from './struct-layout';
