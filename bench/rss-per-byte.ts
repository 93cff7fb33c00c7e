// `npm run bench` memory table (issue 15): peak RSS of `kpw` per input size for
// headers and mails, as bytes of RSS per byte of input, so growth is seen to be
// linear and its constant is the one the README's Security section states.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { blankLineMail, deepMacroChain, softBreakMail, structHeader } from '../test/security/hostile-inputs';
import { peakRss } from '../test/security/peak-rss';

interface Kind {
  name: string;
  file: string;
  sizes: number[];
  make: (n: number) => string;
  args: string[];
}

const KINDS: Kind[] = [
  {
    name: 'header, 1 ABI (kpw layout)',
    file: 'h.h',
    sizes: [2_000, 8_000, 32_000],
    make: (n) => structHeader(n, false),
    args: ['layout'],
  },
  {
    name: 'header, 7 ABIs (kpw check)',
    file: 'h.h',
    sizes: [1_000, 3_000, 7_000],
    make: (n) => structHeader(n, false),
    args: ['check'],
  },
  {
    name: 'header on one line, 1 ABI',
    file: 'l.h',
    sizes: [2_000, 8_000, 32_000],
    make: (n) => structHeader(n, true),
    args: ['layout'],
  },
  {
    name: 'macro chain (levels)',
    file: 'd.h',
    sizes: [5_000, 20_000, 80_000],
    make: deepMacroChain,
    args: ['layout'],
  },
  {
    name: 'mail, blank lines',
    file: 'b.mbox',
    sizes: [100_000, 400_000, 990_000],
    make: blankLineMail,
    args: ['check'],
  },
  {
    name: 'mail, QP soft breaks',
    file: 'q.mbox',
    sizes: [100_000, 400_000, 990_000],
    make: softBreakMail,
    args: ['check'],
  },
];

/** Markdown rows: kind, n, input bytes, peak RSS, RSS bytes per input byte above the smallest run. */
export async function rssPerByte(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-bench-rss-'));
  const rows = ['| input | n | input | peak RSS | RSS per input byte (marginal) |', '|---|---|---|---|---|'];
  try {
    for (const k of KINDS) {
      let first: { bytes: number; peak: number } | undefined;
      for (const n of k.sizes) {
        const text = k.make(n);
        const path = join(dir, k.file);
        writeFileSync(path, text);
        const r = await peakRss([...k.args, path]);
        const marginal = first ? ((r.peak - first.peak) / (text.length - first.bytes)).toFixed(0) : '-';
        first ??= { bytes: text.length, peak: r.peak };
        rows.push(
          `| ${k.name} | ${n} | ${(text.length / 1024).toFixed(0)} KiB | ${(r.peak / 1048576).toFixed(0)} MiB | ${marginal} |`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
