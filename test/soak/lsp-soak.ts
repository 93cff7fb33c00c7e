// The language-server soak: the real bundled server as a child process over
// stdio JSON-RPC, a vfio.h and a patch mail open, thousands of random
// incremental edits, hovers / inlay hints / symbols / code actions along the
// way, diagnostics awaited at checkpoints, RSS sampled from /proc.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Rng } from '../fuzz/engine/mutate';
import { C_DICTIONARY } from '../fuzz/targets/header';

export interface SoakOptions {
  serverScript: string;
  edits: number;
  seed?: number;
  /** A request or a diagnostics round unanswered this long is a hang (a detector, not a speed bound). */
  hangMs?: number;
  log?(line: string): void;
}

export interface SoakReport {
  edits: number;
  requests: number;
  answered: number;
  errors: string[];
  hangs: string[];
  diagnosticRounds: number;
  rssSamples: number[];
  rssStartMb: number;
  rssEndMb: number;
  /** Median RSS of the second and the last quarter of the samples. */
  rssSecondQuarterMb: number;
  rssLastQuarterMb: number;
  serverExit: { code: number | null; signal: string | null } | undefined;
  stderr: string;
}

interface OpenDoc {
  doc: TextDocument;
  original: string;
  languageId: string;
}

const FIXTURES = join(__dirname, '..', 'fixtures');
const SNIPPETS = [
  'struct soak { __u32 a; __u64 b; };\n',
  '\t__u8 pad[3];\n',
  '#define VFIO_DEVICE_FEATURE_SOAK 99\n',
  'union u { int a; char b[7]; };\n',
  '+\t__u16 x;\n',
  '-\t__u32 flags;\n',
  '@@ -1,3 +1,4 @@\n',
  '\n',
  '};\n',
  '/* comment */',
  '#if 0\n',
  '#endif\n',
];

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const hangMs = opts.hangMs ?? 120_000;
  const rng = new Rng(opts.seed ?? 7);
  const log = opts.log ?? (() => undefined);
  const child = spawn(process.execPath, [opts.serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20000)));
  let exit: SoakReport['serverExit'];
  child.on('exit', (code, signal) => (exit = { code, signal }));
  const conn = createProtocolConnection(
    new StreamMessageReader(child.stdout as NodeJS.ReadableStream),
    new StreamMessageWriter(child.stdin as NodeJS.WritableStream),
  );
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { match: (p: PublishDiagnosticsParams) => boolean; resolve: () => void }[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    if (published.length > 200) published.splice(0, 100);
    for (const w of waiters.filter((x) => x.match(p))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  conn.onRequest('workspace/configuration', () => [{ diagnostics: { debounceMs: 20 } }]);
  conn.onRequest('workspace/inlayHint/refresh', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  conn.onNotification('window/logMessage', () => undefined);
  conn.listen();
  const open: OpenDoc[] = [];
  const report: SoakReport = {
    edits: 0,
    requests: 0,
    answered: 0,
    errors: [],
    hangs: [],
    diagnosticRounds: 0,
    rssSamples: [],
    rssStartMb: 0,
    rssEndMb: 0,
    rssSecondQuarterMb: 0,
    rssLastQuarterMb: 0,
    serverExit: undefined,
    stderr: '',
  };
  const bounded = <T>(what: string, p: Promise<T>): Promise<T | undefined> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        report.hangs.push(`${what}: no answer within ${hangMs} ms`);
        resolve(undefined);
      }, hangMs);
      p.then(
        (v) => (clearTimeout(timer), resolve(v)),
        (e: Error) => (clearTimeout(timer), report.errors.push(`${what}: ${e.message}`), resolve(undefined)),
      );
    });
  const request = (method: string, params: unknown): Promise<unknown> => {
    report.requests++;
    return bounded(
      method,
      conn.sendRequest(method, params).then((v) => (report.answered++, v)),
    );
  };
  try {
    await bounded(
      'initialize',
      conn.sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {
          workspace: { configuration: true },
          textDocument: { hover: {}, inlayHint: {}, publishDiagnostics: { versionSupport: true } },
        },
        workspaceFolders: null,
      }),
    );
    await conn.sendNotification('initialized', {});
    open.push(
      openDoc(join(FIXTURES, 'server', 'vfio.h'), 'c'),
      openDoc(join(FIXTURES, 'patch', 'zpci-v13.mbox'), 'kernel-patch'),
    );
    for (const d of open)
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: {
          uri: d.doc.uri,
          languageId: d.languageId,
          version: d.doc.version,
          text: d.doc.getText(),
        },
      });
    await diagnosticsRound();
    sampleRss();
    const pending: Promise<unknown>[] = [];
    for (let i = 1; i <= opts.edits && !exit; i++) {
      const d = rng.chance(70) ? open[0] : open[1];
      await edit(d, i);
      report.edits = i;
      for (const p of featureRequests(d)) pending.push(p);
      if (i % 25 === 0) sampleRss();
      if (i % 100 === 0 || i === opts.edits) {
        await Promise.all(pending.splice(0));
        await diagnosticsRound();
        log(
          `${i} edits, ${report.answered}/${report.requests} answered, RSS ${report.rssSamples[report.rssSamples.length - 1].toFixed(1)} MB`,
        );
      }
    }
    await Promise.all(pending.splice(0));
    sampleRss();
    await bounded('shutdown', conn.sendRequest('shutdown'));
    await conn.sendNotification('exit');
    await waitExit(child, hangMs);
  } finally {
    conn.dispose();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  finishRss(report);
  report.serverExit = exit;
  report.stderr = stderr;
  return report;

  function openDoc(path: string, languageId: string): OpenDoc {
    const text = readFileSync(path, 'utf8');
    return {
      doc: TextDocument.create(pathToFileURL(path).toString(), languageId, 1, text),
      original: text,
      languageId,
    };
  }

  async function edit(d: OpenDoc, i: number): Promise<void> {
    const text = d.doc.getText();
    const at = rng.below(text.length + 1);
    let start = at;
    let end = at;
    let insert = '';
    const kind = i % 250 === 0 ? 'restore' : rng.pick(['type', 'type', 'token', 'snippet', 'delete', 'line']);
    if (kind === 'restore') [start, end, insert] = [0, text.length, d.original];
    else if (kind === 'type') insert = String.fromCharCode(32 + rng.below(95));
    else if (kind === 'token') insert = rng.pick(C_DICTIONARY);
    else if (kind === 'snippet') insert = rng.pick(SNIPPETS);
    else if (kind === 'delete') end = Math.min(text.length, at + 1 + rng.below(40));
    else {
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const lineEnd = text.indexOf('\n', at);
      [start, end] = [lineStart, lineEnd < 0 ? text.length : lineEnd];
      const other = text.split('\n');
      insert = other[rng.below(other.length)];
    }
    const range = { start: d.doc.positionAt(start), end: d.doc.positionAt(end) };
    d.doc = TextDocument.update(d.doc, [{ range, text: insert }], d.doc.version + 1);
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: d.doc.uri, version: d.doc.version },
      contentChanges: [{ range, text: insert }],
    });
  }

  function featureRequests(d: OpenDoc): Promise<unknown>[] {
    const out: Promise<unknown>[] = [];
    const textDocument = { uri: d.doc.uri };
    const lines = d.doc.lineCount;
    const position = { line: rng.below(lines), character: rng.below(40) };
    if (rng.chance(20)) out.push(request('textDocument/hover', { textDocument, position }));
    if (rng.chance(10))
      out.push(
        request('textDocument/inlayHint', {
          textDocument,
          range: {
            start: { line: 0, character: 0 },
            end: { line: Math.min(lines, position.line + 80), character: 0 },
          },
        }),
      );
    if (rng.chance(5)) out.push(request('textDocument/documentSymbol', { textDocument }));
    if (rng.chance(5))
      out.push(
        request('textDocument/codeAction', {
          textDocument,
          range: { start: position, end: position },
          context: { diagnostics: [] },
        }),
      );
    return out;
  }

  /** Every open document gets diagnostics for its current version. */
  async function diagnosticsRound(): Promise<void> {
    await Promise.all(
      open.map(({ doc: d }) => {
        const match = (p: PublishDiagnosticsParams) =>
          p.uri === d.uri && (p.version === undefined || p.version === d.version);
        if (published.some(match)) return Promise.resolve();
        return bounded(
          `diagnostics for ${d.uri.split('/').pop()} v${d.version}`,
          new Promise<void>((resolve) => waiters.push({ match, resolve })),
        );
      }),
    );
    report.diagnosticRounds++;
  }

  function sampleRss(): void {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
      if (kb) report.rssSamples.push(kb / 1024);
    } catch {
      /* the process is gone: reported by the exit check */
    }
  }
}

function finishRss(report: SoakReport): void {
  const s = report.rssSamples;
  if (!s.length) return;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const q = Math.max(1, Math.floor(s.length / 4));
  report.rssStartMb = s[0];
  report.rssEndMb = s[s.length - 1];
  report.rssSecondQuarterMb = median(s.slice(q, 2 * q));
  report.rssLastQuarterMb = median(s.slice(s.length - q));
}

function waitExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once('exit', () => (clearTimeout(timer), resolve()));
  });
}
