// Bench row: how long a hover on a small document waits while the server builds a
// 1 MB header written on one line (issue 15: no request waits more than ~100 ms
// behind a build). kpw's server and clangd each get the same script: open the
// small header, then several times open the big one and hover the small one again
// and again until the big one's diagnostics are published; p50 and max of the waits.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp-client';
import { stat, type Stat } from './measure';
import type { PeerRow } from './cli-peers';

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

/** The waits of hovers on the small document while the big one builds, over `rounds` opens, and the
 *  server's CPU time during each (on a loaded machine a wait is mostly time without a CPU). */
async function hoverWaits(
  client: LspClient,
  dir: string,
  rounds: number,
  bigText: BigHeader,
): Promise<{ waits: number[]; cpu: number[] }> {
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
  const waits: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const big = pathToFileURL(join(dir, `big-${round}.h`)).href;
    let published = false;
    const done = client
      .next('textDocument/publishDiagnostics', (p) => (p as { uri: string }).uri === big)
      .then(() => (published = true));
    const text = bigText(round);
    client.notify('textDocument/didOpen', { textDocument: { uri: big, languageId: 'c', version: 1, text } });
    // Hovers one after another until the big header's diagnostics are out (at least two).
    for (let n = 0; !published || n < 2; n++) {
      const cpu0 = client.cpuMs();
      const t0 = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri: small }, position });
      waits.push(performance.now() - t0);
      cpu.push(client.cpuMs() - cpu0);
      // A short pause between hovers: a peer answering in microseconds is not flooded meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await done;
    client.notify('textDocument/didClose', { textDocument: { uri: big } });
  }
  return { waits, cpu };
}

export async function measure(
  command: string,
  args: string[],
  settings: unknown,
  rounds = ROUNDS,
  big: BigHeader = (round) => oneLineHeader(1_000_000, round),
): Promise<Stat[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-bench-wait-'));
  const client = new LspClient(command, args, settings);
  try {
    await client.initialize(pathToFileURL(dir).href);
    // The client does not announce workspace/configuration: the settings are pushed.
    if (settings) client.notify('workspace/didChangeConfiguration', { settings: { kpw: settings } });
    const { waits, cpu } = await hoverWaits(client, dir, rounds, big);
    const most = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
    return [stat(waits), { median: most(waits), min: most(waits), max: most(waits) }, stat([most(cpu)])];
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The shapes of header besides the one-line one, by what the row calls them. */
export const SHAPES: readonly (readonly [string, BigHeader])[] = [
  ['a 20,000-deep #define chain', deepDefineHeader],
  ['a 1 MB struct', (round: number) => hugeStructHeader(1_000_000, round)],
  ['a 1 MB union nested in a small struct', (round: number) => nestedUnionHeader(1_000_000, round)],
  ['a 1 MB enum', (round: number) => hugeEnumHeader(1_000_000, round)],
  ['one #define of 131,072 numbers', (round: number) => hugeDefineHeader(131_072, round)],
  ['a #define doubling 17 times', (round: number) => doublingDefineHeader(17, round)],
];

/** Three rows: p50 and max of the hover waits, and the server's CPU during the longest-running wait
 *  (10 ms ticks), kpw (one ABI, so the 1 MB unit is modelled, not refused) next to clangd. */
export async function buildWaitRows(): Promise<PeerRow[]> {
  const server = resolve(process.env.KPW_SERVER ?? 'dist/server.js');
  const ours = await measure('node', [server, '--stdio'], { abis: ['x86_64'] });
  const hasClangd = spawnSync('clangd', ['--version'], { stdio: 'ignore' }).status === 0;
  const peer = hasClangd
    ? await measure('clangd', ['--log=error', '--background-index=false'], null)
    : undefined;
  const rows: PeerRow[] = [];
  const names = ['p50 wait', 'max wait', 'max server CPU during a wait'];
  for (const [i, name] of names.entries())
    rows.push({
      name: `LSP hover on a small header while a 1 MB one-line header builds, ${name} (goal <= 100 ms)`,
      figure: 'wall',
      ours: ours[i],
      peer: peer?.[i],
      peerName: peer ? 'clangd 14' : undefined,
      unit: 'ms',
    });
  // kpw alone on the other shapes whose single steps were long (a deep #define chain, one huge struct,
  // a huge record nested in a small one, a huge enum, one huge #define value, one value doubling 18 times).
  for (const [what, big] of SHAPES) {
    const shape = await measure('node', [server, '--stdio'], { abis: ['x86_64'] }, ROUNDS, big);
    for (const [i, name] of names.entries())
      rows.push({
        name: `LSP hover on a small header while ${what} builds, ${name} (goal <= 100 ms)`,
        figure: 'wall',
        ours: shape[i],
        unit: 'ms',
      });
  }
  return rows;
}

if (require.main === module)
  void buildWaitRows().then((rows) => {
    for (const r of rows)
      console.log(`${r.name}: ${r.ours.median.toFixed(1)} vs ${r.peer?.median.toFixed(1) ?? '-'} ms`);
  });
