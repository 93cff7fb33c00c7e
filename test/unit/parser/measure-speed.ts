// Not a test (no timing assertions in tests): prints the parser's CPU time per
// phase on gcc-expanded vfio.h and on every linux/*.h, plus an incremental reparse.
// Run: node --import tsx test/unit/parser/measure-speed.ts  (tsx's keepNames makes
// lowering ~30% slower than the esbuild bundle; bundle this file for product numbers).

import { identityMap, initParser, parseUnit } from '../../../src/core/parser/index';
import { LowerContext } from '../../../src/core/parser/lower/lower-context';
import { lowerTopLevel } from '../../../src/core/parser/lower/lower-unit';
import { normalizeForTreeSitter } from '../../../src/core/parser/normalize';
import { parseTree, toSyntax } from '../../../src/core/parser/tree-sitter/tree-sitter';
import { gccExpand, gccMissing, headerCorpus } from './helpers';

function cpuMs<T>(fn: () => T): [T, number] {
  const start = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(start);
  return [result, (used.user + used.system) / 1000];
}

function median(values: number[]): string {
  return [...values].sort((a, b) => a - b)[values.length >> 1].toFixed(2);
}

function phases(name: string, text: string): void {
  const map = identityMap(name, text);
  const rows: number[][] = [];
  for (let rep = 0; rep < 7; rep++) {
    const [norm, tNorm] = cpuMs(() => normalizeForTreeSitter(text));
    const [tree, tParse] = cpuMs(() => parseTree(norm));
    const [root, tWalk] = cpuMs(() => toSyntax(tree, norm));
    const [, tLower] = cpuMs(() => lowerTopLevel(new LowerContext(text, map), root));
    tree.delete();
    rows.push([tNorm, tParse, tWalk, tLower]);
  }
  const col = (i: number) => median(rows.map((r) => r[i]));
  console.log(
    `${name} (${(text.length / 1e6).toFixed(2)} MB): tree-sitter parse ${col(1)} ms; ` +
      `normalize ${col(0)} + walk ${col(2)} + lower ${col(3)} ms CPU (medians of 7)`,
  );
}

function incremental(name: string, text: string): void {
  const at = Math.max(0, text.indexOf('argsz'));
  let unit = parseUnit(text, identityMap(name, text));
  const times: number[] = [];
  for (let rep = 0; rep < 21; rep++) {
    const edited = text.slice(0, at) + (rep % 2 ? 'a' : 'b') + text.slice(at + 1);
    const map = identityMap(name, edited);
    const [next, ms] = cpuMs(() => parseUnit(edited, map, unit));
    unit.dispose();
    unit = next;
    times.push(ms);
  }
  unit.dispose();
  console.log(
    `${name}: one-character edit, incremental reparse + full lowering: ${median(times)} ms CPU (median of 21)`,
  );
}

async function main(): Promise<void> {
  const missing = gccMissing();
  if (missing) return console.log(`skipped: ${missing}`);
  await initParser();
  const corpus = headerCorpus();
  const vfio = gccExpand('/usr/include/linux/vfio.h');
  for (let i = 0; i < 2; i++) parseUnit(corpus, identityMap('warmup', corpus)).dispose();
  phases('vfio.h', vfio);
  phases('all linux/*.h', corpus);
  incremental('vfio.h', vfio);
}

void main();
