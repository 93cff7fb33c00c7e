// Starts the real language server in-process over a pair of streams and
// plays the client: answers workspace/configuration with the test's settings,
// collects published diagnostics, and waits on events (never on sleeps).

import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createConnection,
  createProtocolConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { startServer } from '../../../server/src/start-server';
import type { PublishReport } from '../../../server/src/diagnostics';

export interface SessionOptions {
  /** What workspace/configuration returns for section `kpw`. */
  settings?: Record<string, unknown>;
  workspaceFolders?: string[];
  /** Replaces the server's adaptive wait before diagnostics after an edit. */
  wait?: (adaptiveMs: number) => number;
  /** The server's build time slice (0: a pause at every checkpoint). */
  sliceMs?: number;
  /** Announce window.workDoneProgress (the server then reports long builds with $/progress). */
  workDoneProgress?: boolean;
  /** Holds the C checks' worker inside a check's first step (ServerOptions.cGate). */
  cGate?: Int32Array;
}

/** What the client saw, in arrival order: published diagnostics and progress (tests of ordering). */
export type SessionEvent =
  | { kind: 'publish'; uri: string; version?: number; count: number }
  | { kind: 'progress-create'; token: string | number }
  | { kind: 'progress'; token: string | number; value: { kind: string; message?: string } };

type Waiter = {
  match: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
};

export class LspSession {
  readonly client: ProtocolConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly reports: PublishReport[] = [];
  readonly logs: string[] = [];
  readonly events: SessionEvent[] = [];
  /** Called on each event as it arrives (a test reacts to a build's start, for instance). */
  onEvent?: (e: SessionEvent) => void;
  private waiters: Waiter[] = [];
  private readonly refreshed: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  /** What the server answered to initialize (capabilities, serverInfo). */
  initializeResult: unknown;

  constructor(
    private settings: Record<string, unknown> = {},
    wait?: (adaptiveMs: number) => number,
    sliceMs?: number,
    cGate?: Int32Array,
  ) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const server = createConnection(
      ProposedFeatures.all,
      new StreamMessageReader(toServer),
      new StreamMessageWriter(toClient),
    );
    startServer(server, { onPublished: (r) => this.reports.push(r), wait, sliceMs, cGate });
    this.client = createProtocolConnection(
      new StreamMessageReader(toClient),
      new StreamMessageWriter(toServer),
    );
    this.client.onRequest('workspace/configuration', () => [this.settings]);
    this.client.onRequest('workspace/inlayHint/refresh', () => {
      this.refreshed.splice(0).forEach((resolve) => resolve());
      return null;
    });
    this.client.onNotification(
      'window/logMessage',
      (p: { message: string }) => void this.logs.push(p.message),
    );
    this.client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) =>
      this.onPublish(p),
    );
    this.client.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
      this.event({ kind: 'progress-create', token: p.token });
      return null;
    });
    this.client.onNotification(
      '$/progress',
      (p: { token: string | number; value: { kind: string; message?: string } }) =>
        this.event({ kind: 'progress', token: p.token, value: p.value }),
    );
    this.client.listen();
  }

  static async start(options: SessionOptions = {}): Promise<LspSession> {
    const session = new LspSession(options.settings ?? {}, options.wait, options.sliceMs, options.cGate);
    session.initializeResult = await session.client.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true },
        textDocument: { inlayHint: {}, hover: {} },
        ...(options.workDoneProgress ? { window: { workDoneProgress: true } } : {}),
      },
      workspaceFolders: (options.workspaceFolders ?? []).map((f) => ({
        uri: pathToFileURL(f).toString(),
        name: f,
      })),
    });
    await session.client.sendNotification('initialized', {});
    return session;
  }

  /** Opens a file from disk (or with the given text) and returns its URI. */
  async open(path: string, text = readFileSync(path, 'utf8')): Promise<string> {
    const uri = pathToFileURL(path).toString();
    this.versions.set(uri, 1);
    await this.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'c', version: 1, text },
    });
    return uri;
  }

  /** Closes a document. */
  async closeDocument(uri: string): Promise<void> {
    await this.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Applies one edit and returns the new version. */
  async change(uri: string, range: { start: Pos; end: Pos }, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  /** Resolves with the first publication for `uri` at `version` (or any version when omitted). */
  diagnostics(uri: string, version?: number): Promise<Diagnostic[]> {
    const match = (p: PublishDiagnosticsParams) =>
      p.uri === uri && (version === undefined || p.version === version);
    const done = this.published.find(match);
    if (done) return Promise.resolve(done.diagnostics);
    return new Promise((resolve) => this.waiters.push({ match, resolve: (p) => resolve(p.diagnostics) }));
  }

  /** Changes the settings; resolves when the server has applied them (it asks the client to refresh inlay hints). */
  async updateSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    const applied = new Promise<void>((resolve) => this.refreshed.push(resolve));
    await this.client.sendNotification('workspace/didChangeConfiguration', { settings: { kpw: settings } });
    await applied;
  }

  /** Sends a notification the way the VS Code client would (custom kpw/... messages). */
  async notify(method: string, params: unknown): Promise<void> {
    await this.client.sendNotification(method, params);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.client.sendRequest(method, params) as Promise<R>;
  }

  async close(): Promise<void> {
    await this.client.sendRequest('shutdown');
    this.client.dispose();
  }

  private event(e: SessionEvent): void {
    this.events.push(e);
    this.onEvent?.(e);
  }

  private onPublish(p: PublishDiagnosticsParams): void {
    this.event({ kind: 'publish', uri: p.uri, version: p.version, count: p.diagnostics.length });
    this.published.push(p);
    const ready = this.waiters.filter((w) => w.match(p));
    this.waiters = this.waiters.filter((w) => !w.match(p));
    for (const w of ready) w.resolve(p);
  }
}

export interface Pos {
  line: number;
  character: number;
}

/** Position of the `nth` occurrence of `needle` in `text` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): Pos {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' not found (occurrence ${nth})`);
  }
  const before = text.slice(0, index + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}
