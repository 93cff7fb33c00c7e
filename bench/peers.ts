// The peer rows of the bench on their own (a few minutes): kpw next to gcc + pahole,
// the cross gcc -Wpadded, node -e 0 and clangd. `npm run bench -- --peers` runs this;
// `node --import tsx bench/peers.ts` too. Prints the machine and the table.

import { cpus, loadavg, totalmem } from 'node:os';
import { cliPeerRows } from './cli-peers';
import { editorPeerRows } from './editor-peers';
import { spreadTable } from './measure';

export function machine(): string {
  const cpu = cpus();
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load ${load}`;
}

export async function peerTable(): Promise<string> {
  // KPW_BENCH_PART=cli or editor runs one half.
  const part = process.env.KPW_BENCH_PART;
  const rows = [
    ...(part === 'cli' ? [] : await editorPeerRows()),
    ...(part === 'editor' ? [] : cliPeerRows()),
  ];
  return `machine: ${machine()}\n\n${spreadTable(rows)}`;
}

if (require.main === module) void peerTable().then((t) => console.log(t));
