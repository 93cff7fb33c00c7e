// The check-uapi.sh pipeline for one header on one ABI: compile a file that
// includes it with gcc -g -fno-eliminate-unused-debug-types for each header
// set, then `abidiff --non-reachable-types` (and once more with --harmless),
// and parse which types it reports changed ([C]) or removed ([D]).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OracleAbi } from '../oracle/abis';
import { runTool } from '../oracle/run-tool';
import type { HeaderSet } from './header-sets';

export interface AbidiffType {
  /** `struct foo`, `enum bar`, `typedef baz`, `union {...}`, `enum __anonymous_enum__3`. */
  name: string;
  kind: 'changed' | 'removed';
  /** Reported only with --harmless (libabigail's default suppressions hide it). */
  harmless: boolean;
  /** The report block (members inserted, sizes), for explanations. */
  text: string;
}

export type AbidiffResult =
  | { ok: true; types: AbidiffType[]; ms: number }
  | { ok: false; error: string }
  /** The header is not exported for this ABI (its asm/ part is missing: kvm.h on 32-bit arm). */
  | { ok: false; notExported: string };

async function compile(
  abi: OracleAbi,
  set: HeaderSet,
  header: string,
  out: string,
): Promise<string | undefined> {
  const args = [
    '-g',
    '-fno-eliminate-unused-debug-types',
    ...set.gccIncludes.flatMap((d) => ['-I', d]),
    '-c',
    '-x',
    'c',
    '-',
    '-o',
    out,
  ];
  const r = await runTool(abi.gcc, args, { input: `#include <${header}>\nint main(void) { return 0; }\n` });
  if (r.code === 0) return undefined;
  // The header needs an asm/ part this ABI does not export (kvm.h on 32-bit arm): not a failure.
  const notExported = /fatal error: asm\/[\w.]+: No such file/.test(r.stderr) ? 'NOT-EXPORTED ' : '';
  return `${notExported}${abi.gcc} ${header} (${set.label}): ${r.stderr.split('\n').slice(0, 3).join(' ')}`;
}

/** The types of an abidiff report: `  [C] 'struct foo' changed:` blocks and `  [D] 'struct foo'` lines. */
export function parseAbidiff(text: string, harmless: boolean): AbidiffType[] {
  const out: AbidiffType[] = [];
  let cur: AbidiffType | undefined;
  for (const line of text.split('\n')) {
    const m = /^ {2}\[([CD])\] '(.+?)'(?: changed:| at |$)/.exec(line);
    if (m) {
      cur = { name: m[2], kind: m[1] === 'C' ? 'changed' : 'removed', harmless, text: '' };
      out.push(cur);
    } else if (/^ {2}\[A\]/.test(line) || /^\S/.test(line)) cur = undefined;
    else if (cur) cur.text += `${line.trim()}\n`;
  }
  return out;
}

/** abidiff's changed and removed types for `header` between the two sets on one ABI. */
export async function abidiffHeader(
  abi: OracleAbi,
  oldSet: HeaderSet,
  newSet: HeaderSet,
  header: string,
): Promise<AbidiffResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-abidiff-'));
  try {
    const t0 = performance.now();
    const [a, b] = [join(dir, 'old.o'), join(dir, 'new.o')];
    const err = (await compile(abi, oldSet, header, a)) ?? (await compile(abi, newSet, header, b));
    if (err?.startsWith('NOT-EXPORTED ')) return { ok: false, notExported: err.slice(13) };
    if (err) return { ok: false, error: err };
    const plain = await runTool('abidiff', ['--non-reachable-types', a, b]);
    const ms = performance.now() - t0;
    // Exit status is a bit mask: 1 error, 2 usage error; 4 and 8 mean changes.
    if (plain.code & 3) return { ok: false, error: `abidiff ${header}: ${plain.stderr.trim()}` };
    const all = await runTool('abidiff', ['--non-reachable-types', '--harmless', a, b]);
    const shown = new Set(parseAbidiff(plain.stdout, false).map((t) => t.name));
    const types = parseAbidiff(all.stdout, true).map((t) => ({ ...t, harmless: !shown.has(t.name) }));
    return { ok: true, types, ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
