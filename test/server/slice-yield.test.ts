// A request read while a build runs in slices is dispatched and answered before the build's
// next slice (src/core/steps.ts yieldTurn). Proven by ORDER over a real socket (the message is
// read in the event loop's poll phase, as the server's are) with vscode-jsonrpc, the server's own
// transport: each read, dispatch and write of the answer is stamped with the number of slices run.
// Yielding with a single setImmediate ran one slice before the dispatch and one before the write.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  createMessageConnection,
  SocketMessageReader,
  SocketMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver/node';
import { runSliced, type Steps } from '../../src/core/steps';

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'kpw-yield-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A build that never ends by itself: a checkpoint per step (stopped by its AbortSignal). */
function* endless(counter: { steps: number }): Steps<never> {
  for (;;) {
    counter.steps++;
    yield;
  }
}

/** Server and client ends of one socket, each a vscode-jsonrpc connection. */
async function pair(
  path: string,
): Promise<{ listener: Server; serverSocket: Socket; server: MessageConnection; client: MessageConnection }> {
  let accepted!: (s: Socket) => void;
  const serverSide = new Promise<Socket>((resolve) => (accepted = resolve));
  const listener = createServer((s) => accepted(s));
  await new Promise<void>((resolve) => listener.listen(path, resolve));
  const clientSocket = connect(path);
  const serverSocket = await serverSide;
  const server = createMessageConnection(
    new SocketMessageReader(serverSocket),
    new SocketMessageWriter(serverSocket),
  );
  const client = createMessageConnection(
    new SocketMessageReader(clientSocket),
    new SocketMessageWriter(clientSocket),
  );
  return { listener, serverSocket, server, client };
}

for (const sliceMs of [0, 1]) {
  test(`requests are read, dispatched and answered between two slices (slice ${sliceMs} ms)`, async () => {
    const { listener, serverSocket, server, client } = await pair(join(dir, `s${sliceMs}.sock`));
    let slices = 0;
    const log: { what: string; slices: number }[] = [];
    serverSocket.prependListener('data', () => log.push({ what: 'read', slices }));
    const write = serverSocket.write.bind(serverSocket) as (...args: unknown[]) => boolean;
    serverSocket.write = ((...args: unknown[]) => {
      if (String(args[0]).includes('"result"')) log.push({ what: 'written', slices });
      return write(...args);
    }) as typeof serverSocket.write;
    server.onRequest('hover', (n: number) => {
      log.push({ what: 'dispatched', slices });
      return n;
    });
    server.listen();
    client.listen();

    const counter = { steps: 0 };
    const stop = new AbortController();
    let sliceEnded: (() => void) | undefined;
    const onSlice = (n: number) => {
      slices = n;
      sliceEnded?.();
    };
    const build = runSliced(endless(counter), { signal: stop.signal, sliceMs, onSlice });
    const REQUESTS = 30;
    try {
      for (let n = 0; n < REQUESTS; n++) {
        // Each request is sent once the build has run another slice: it arrives while the build runs.
        await new Promise<void>((resolve) => (sliceEnded = resolve));
        assert.equal(await client.sendRequest('hover', n), n);
      }
    } finally {
      stop.abort();
      await build.catch(() => undefined);
      server.dispose();
      client.dispose();
      serverSocket.destroy();
      listener.close();
    }
    assert.ok(slices >= REQUESTS, `the build ran (${slices} slices)`);
    // Each request: read, dispatched, its answer written, with no slice of the build in between.
    const kinds = log.map((e) => e.what);
    assert.equal(kinds.filter((k) => k === 'dispatched').length, REQUESTS);
    for (let i = 0; i < log.length; i++) {
      if (log[i].what !== 'dispatched') continue;
      const read = log
        .slice(0, i)
        .reverse()
        .find((e) => e.what === 'read')!;
      const written = log.slice(i).find((e) => e.what === 'written')!;
      assert.deepEqual(
        [read.slices, log[i].slices, written.slices],
        [read.slices, read.slices, read.slices],
        `request ${kinds.slice(0, i).filter((k) => k === 'dispatched').length}: slices ran between read, dispatch and answer`,
      );
    }
  });
}
