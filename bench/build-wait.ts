// Bench rows: how long a hover on a small document waits while the server builds a
// slow header (issue 15: no request waits more than ~100 ms behind a build). kpw's server
// (with the extension's Node flags and a GC recorder preloaded) and clangd each get the same
// script: open the small header, then several times open the big one and hover the small one
// again and again until the big one's diagnostics are published. Per shape: p50, p99, max,
// how many waits passed 100 ms, the share of the waits spent in GC, and the share the server's
// main thread was ready to run but had no CPU (the machine's load, from /proc/PID/schedstat).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp-client';
import type { Stat } from './measure';
import type { PeerRow } from './cli-peers';
import { SERVER_NODE_FLAGS } from '../src/extension/server-flags';
import { slowCSources } from '../test/fuzz/gen/slow-c-sources';
import { enumShapes, macroArgShapes, skipShapes } from '../test/fuzz/gen/single-step-shapes';

const ROUNDS = Number(process.env.KPW_BENCH_WAIT_ROUNDS ?? 3);
const SMALL = 'struct small { int a; char b; };\n';

/** About `bytes` of structs on one line (distinct per round, so no cache answers the next round). */
export function oneLineHeader(bytes: number, round: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = `struct r${round}_s${i} { unsigned int a; unsigned long long b; char c; }; `;
    parts.push(s);
    size += s.length;
  }
  return parts.join('') + '\n';
}

/** A #define chain 20,000 deep, each naming the one before (its values are evaluated by the checks). */
export function deepDefineHeader(round: number): string {
  const lines = [`#define R${round}_D0 0`];
  for (let i = 1; i <= 20_000; i++) lines.push(`#define R${round}_D${i} (${i} + R${round}_D${i - 1} * 0)`);
  return `${lines.join('\n')}\n`;
}

/** One struct of about `bytes` (tens of thousands of members: one declaration for the parser and layout). */
export function hugeStructHeader(bytes: number, round: number): string {
  const members: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const m = `  unsigned int m${i}; char c${i};\n`;
    members.push(m);
    size += m.length;
  }
  return `struct r${round}_huge {\n${members.join('')}};\n`;
}

/** A small struct holding an anonymous union of about `bytes` (a huge record nested in a record). */
export function nestedUnionHeader(bytes: number, round: number): string {
  const inner = hugeStructHeader(bytes, round).split('\n').slice(1, -2).join('\n');
  return `struct r${round}_small {\n  int a;\n  union {\n    struct {\n${inner}\n    };\n    char raw[8];\n  };\n};\n`;
}

/** An enum of about `bytes` of enumerators, every third valued from the one before. */
export function hugeEnumHeader(bytes: number, round: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const e = i % 3 === 1 ? `  R${round}_E${i} = R${round}_E${i - 1} + 1,` : `  R${round}_E${i},`;
    lines.push(e);
    size += e.length + 1;
  }
  return `enum r${round}_huge {\n${lines.join('\n')}\n};\n`;
}

/** One #define whose value is a balanced sum of `leaves` numbers (~4 tokens each). */
export function hugeDefineHeader(leaves: number, round: number): string {
  const tree = (from: number, n: number): string =>
    n === 1 ? `${from % 7}` : `(${tree(from, n >> 1)} + ${tree(from + (n >> 1), n - (n >> 1))})`;
  return `#define R${round}_HUGE ${tree(round, leaves)}\n`;
}

/** #defines each doubling the one before, `depth` deep: the last expands to 2^depth numbers. */
export function doublingDefineHeader(depth: number, round: number): string {
  const lines = [`#define R${round}_X0 1`];
  for (let i = 1; i <= depth; i++)
    lines.push(`#define R${round}_X${i} (R${round}_X${i - 1} + R${round}_X${i - 1})`);
  return `${lines.join('\n')}\n`;
}

type BigHeader = (round: number) => string;

/** One hover: when it was sent and answered (ms on the machine's monotonic clock, as process.hrtime
 *  reads it in every process) and the server's CPU meanwhile (10 ms ticks). */
export interface Wait {
  t0: number;
  t1: number;
  cpu: number;
  /** The server's main thread meanwhile: ms on a CPU, and ms ready but waiting for a CPU (load). */
  ran: number;
  queued: number;
}

/** One garbage collection in the server (bench/server-gc-trace.cjs). */
export interface GcEvent {
  start: number;
  ms: number;
  kind: string;
  forced: boolean;
}

export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;
/** What the slow document is: a header by default; a patch mail or a C source for those shapes. */
export interface BigDocument {
  ext: string;
  languageId: string;
}
const HEADER_DOC: BigDocument = { ext: '.h', languageId: 'c' };

/** The waits of hovers on the small document while the big one builds, over `rounds` opens, and the
 *  server's CPU time during each (on a loaded machine a wait is mostly time without a CPU). */
async function hoverWaits(
  client: LspClient,
  dir: string,
  rounds: number,
  bigText: BigHeader,
  doc: BigDocument = HEADER_DOC,
): Promise<Wait[]> {
  const small = pathToFileURL(join(dir, 'small.h')).href;
  const smallDiags = client.next(
    'textDocument/publishDiagnostics',
    (p) => (p as { uri: string }).uri === small,
  );
  client.notify('textDocument/didOpen', {
    textDocument: { uri: small, languageId: 'c', version: 1, text: SMALL },
  });
  await smallDiags;
  const position = { line: 0, character: 8 };
  const waits: Wait[] = [];
  for (let round = 0; round < rounds; round++) {
    const big = pathToFileURL(join(dir, `big-${round}${doc.ext}`)).href;
    let published = false;
    const done = client
      .next('textDocument/publishDiagnostics', (p) => (p as { uri: string }).uri === big)
      .then(() => (published = true));
    const text = bigText(round);
    client.notify('textDocument/didOpen', {
      textDocument: { uri: big, languageId: doc.languageId, version: 1, text },
    });
    // Hovers one after another until the big header's diagnostics are out (at least two).
    for (let n = 0; !published || n < 2; n++) {
      const cpu0 = client.cpuMs();
      const main0 = client.mainThreadMs();
      const t0 = monotonicMs();
      await client.request('textDocument/hover', { textDocument: { uri: small }, position });
      const t1 = monotonicMs();
      const main1 = client.mainThreadMs();
      waits.push({
        t0,
        t1,
        cpu: client.cpuMs() - cpu0,
        ran: main1.ran - main0.ran,
        queued: main1.queued - main0.queued,
      });
      // A short pause between hovers: a peer answering in microseconds is not flooded meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await done;
    client.notify('textDocument/didClose', { textDocument: { uri: big } });
  }
  return waits;
}

/** Milliseconds of garbage collection inside [t0, t1]. */
export function gcWithin(gc: GcEvent[], t0: number, t1: number): number {
  let ms = 0;
  for (const e of gc) ms += Math.max(0, Math.min(t1, e.start + e.ms) - Math.max(t0, e.start));
  return ms;
}

export function readGcTrace(file: string): GcEvent[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as GcEvent);
}

/** A server's run of the hover-wait script: every wait, and (kpw only) every GC of the server. */
export interface WaitRun {
  waits: Wait[];
  gc: GcEvent[];
}

/** Runs `command args` through the hover-wait script; with `gcTrace` the server is a node process
 *  whose flags get the GC recorder preloaded. */
export async function runWaits(
  command: string,
  args: string[],
  settings: unknown,
  rounds = ROUNDS,
  big: BigHeader = (round) => oneLineHeader(1_000_000, round),
  gcTrace = false,
  doc: BigDocument = HEADER_DOC,
): Promise<WaitRun> {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-bench-wait-'));
  const trace = join(dir, 'gc.jsonl');
  const traced = gcTrace ? ['--require', resolve(__dirname, 'server-gc-trace.cjs'), ...args] : args;
  const client = new LspClient(command, traced, settings, { ...process.env, KPW_GC_TRACE: trace });
  let stopped = false;
  try {
    await client.initialize(pathToFileURL(dir).href);
    // The client does not announce workspace/configuration: the settings are pushed.
    if (settings) client.notify('workspace/didChangeConfiguration', { settings: { kpw: settings } });
    const waits = await hoverWaits(client, dir, rounds, big, doc);
    stopped = true;
    await client.stop();
    // The server wrote its GC trace as it exited.
    return { waits, gc: readGcTrace(trace) };
  } finally {
    if (!stopped) await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures of one run: p50, p99 and max wait, the server's CPU in the longest-running wait,
 *  how many waits passed 100 ms, and the share of the waits' time spent in GC (of all waits, and of
 *  the waits over 100 ms). */
export function waitFigures(run: WaitRun): {
  p50: number;
  p99: number;
  max: number;
  cpu: number;
  over100: number;
  n: number;
  gcShare: number;
  gcShareOver100: number;
  queuedShareOver100: number;
} {
  const ms = run.waits.map((w) => w.t1 - w.t0).sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? NaN;
  const over = run.waits.filter((w) => w.t1 - w.t0 > 100);
  const share = (ws: Wait[]) => {
    const total = ws.reduce((a, w) => a + (w.t1 - w.t0), 0);
    return total ? ws.reduce((a, w) => a + gcWithin(run.gc, w.t0, w.t1), 0) / total : 0;
  };
  const overMs = over.reduce((a, w) => a + (w.t1 - w.t0), 0);
  return {
    queuedShareOver100: overMs ? over.reduce((a, w) => a + w.queued, 0) / overMs : 0,
    p50: at(0.5),
    p99: at(0.99),
    max: ms[ms.length - 1] ?? NaN,
    cpu: run.waits.reduce((a, w) => Math.max(a, w.cpu), 0),
    over100: over.length,
    n: ms.length,
    gcShare: share(run.waits),
    gcShareOver100: share(over),
  };
}

/** The shapes of header besides the one-line one, by what the row calls them. */
export const SHAPES: readonly (readonly [string, BigHeader])[] = [
  ['a 20,000-deep #define chain', deepDefineHeader],
  ['a 1 MB struct', (round: number) => hugeStructHeader(1_000_000, round)],
  ['a 1 MB union nested in a small struct', (round: number) => nestedUnionHeader(1_000_000, round)],
  ['a 1 MB enum', (round: number) => hugeEnumHeader(1_000_000, round)],
  ['one #define of 131,072 numbers', (round: number) => hugeDefineHeader(131_072, round)],
  ['a #define doubling 17 times', (round: number) => doublingDefineHeader(17, round)],
  // The shapes that were single steps (test/fuzz/gen/single-step-shapes.ts), ~1 MB each.
  ['a 1 MB struct in a parameter list', stepShape(skipShapes(20_000)[0].text)],
  ['a 100,000-enumerator chained enum', stepShape(enumShapes(100_000)[0].text)],
  ['a macro invoked with 100,000 arguments', stepShape(macroArgShapes(100_000)[0].text)],
];

/** A generated shape, distinct per round. */
function stepShape(text: string): BigHeader {
  return (round) => `/* round ${round} */\n${text}`;
}

const PATCH_DOC: BigDocument = { ext: '.patch', languageId: 'kernel-patch' };
const C_DOC: BigDocument = { ext: '.c', languageId: 'c' };

/** A mail whose patch creates `header` (hunks only: each of its lines an added line). */
function patchCreating(header: string, round: number): string {
  const path = `include/uapi/linux/big-${round}.h`;
  const lines = header.replace(/\n$/, '').split('\n');
  return (
    `From: Dev <dev@example.org>\nSubject: [PATCH] big header ${round}\n\nBody.\n---\n` +
    `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n` +
    `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`
  );
}

/** The slow C source `name` at the bench's size (a few MB), distinct per round. */
function cSource(name: string): BigHeader {
  const text = slowCSources(10).find((c) => c.name === name)?.text ?? '';
  return (round) => `// round ${round}\n${text}`;
}

/** Patch and C source documents whose analysis is long (issue 15: they are sliced too). */
export const DOCUMENT_SHAPES: readonly (readonly [string, BigHeader, BigDocument])[] = [
  [
    'a patch creating a 1 MB one-line header (60,000 findings)',
    (round: number) => patchCreating(oneLineHeader(1_000_000, round), round),
    PATCH_DOC,
  ],
  ['a C source of 5,000 functions', cSource('many-functions'), C_DOC],
  ['a C source of one 30,000-statement function', cSource('huge-function'), C_DOC],
  ['a C source of a 30,000-case switch', cSource('many-cases'), C_DOC],
];

const one = (x: number): Stat => ({ median: x, min: x, max: x });

/** The server as the extension starts it (SERVER_NODE_FLAGS, or KPW_SERVER_NODE_FLAGS instead). */
function ourServer(): { command: string; args: string[] } {
  const server = resolve(process.env.KPW_SERVER ?? 'dist/server.js');
  const env = process.env.KPW_SERVER_NODE_FLAGS;
  const flags = env === undefined ? [...SERVER_NODE_FLAGS] : env.split(' ').filter(Boolean);
  return { command: 'node', args: [...flags, server, '--stdio'] };
}

/** Rows per shape: p50, p99, max wait, the server's CPU during the longest-running wait, how many
 *  waits passed 100 ms and the GC share; kpw (one ABI, so the 1 MB unit is modelled, not refused)
 *  next to clangd on the 1 MB one-line header, kpw alone on the other shapes whose single steps
 *  were long (SHAPES: a deep #define chain, one huge struct, a huge record nested in a small one,
 *  a huge enum, one huge #define value, one value doubling 17 times). */
export async function buildWaitRows(): Promise<PeerRow[]> {
  const { command, args } = ourServer();
  const hasClangd = spawnSync('clangd', ['--version'], { stdio: 'ignore' }).status === 0;
  const rows: PeerRow[] = [];
  const shapes: readonly (readonly [string, BigHeader, BigDocument?])[] = [
    ['a 1 MB one-line header', (round: number) => oneLineHeader(1_000_000, round)],
    ...SHAPES,
    ...DOCUMENT_SHAPES,
  ];
  // KPW_BENCH_WAIT_SHAPES=patch,c: only the shapes whose name holds one of these words.
  const only = process.env.KPW_BENCH_WAIT_SHAPES?.split(',').filter(Boolean);
  for (const [what, big, doc] of shapes) {
    if (only && !only.some((w) => what.includes(w))) continue;
    const ours = waitFigures(
      await runWaits(command, args, { abis: ['x86_64'] }, ROUNDS, big, true, doc ?? HEADER_DOC),
    );
    const peerRun =
      hasClangd && what === 'a 1 MB one-line header'
        ? await runWaits('clangd', ['--log=error', '--background-index=false'], null, ROUNDS, big)
        : undefined;
    const peer = peerRun && waitFigures(peerRun);
    const row = (name: string, unit: string, pick: (f: ReturnType<typeof waitFigures>) => number) =>
      rows.push({
        name: `LSP hover on a small header while ${what} builds, ${name}`,
        figure: 'wall',
        ours: one(pick(ours)),
        peer: peer && one(pick(peer)),
        peerName: peer ? 'clangd 14' : undefined,
        unit,
      });
    row('p50 wait (goal <= 100 ms)', 'ms', (f) => f.p50);
    row('p99 wait', 'ms', (f) => f.p99);
    row('max wait (goal <= 100 ms)', 'ms', (f) => f.max);
    row('max server CPU during a wait', 'ms', (f) => f.cpu);
    row(`waits over 100 ms (of ${ours.n})`, 'waits', (f) => f.over100);
    row('GC share of all waits', '%', (f) => f.gcShare * 100);
    row('GC share of the waits over 100 ms', '%', (f) => f.gcShareOver100 * 100);
    row(
      'share of the waits over 100 ms the main thread was ready but had no CPU (machine load)',
      '%',
      (f) => f.queuedShareOver100 * 100,
    );
  }
  return rows;
}

if (require.main === module)
  void buildWaitRows().then((rows) => {
    for (const r of rows)
      console.log(`${r.name}: ${r.ours.median.toFixed(1)} vs ${r.peer?.median.toFixed(1) ?? '-'} ms`);
  });
