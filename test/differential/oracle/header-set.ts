// Which headers gcc accepts on its own for an ABI (freestanding: -nostdinc,
// only the overlay on the include path), why the others are rejected, and how
// the accepted ones split into translation units that compile together.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OracleAbi } from './abis';
import { includeNameOf, type Overlay } from './overlay';
import { mapPool, runTool } from './run-tool';

export interface RejectedHeader {
  header: string;
  category: string;
  /** The first error gcc printed. */
  detail: string;
}

export interface HeaderCheck {
  accepted: string[];
  rejected: RejectedHeader[];
}

/** Flags every oracle compile uses: freestanding, only the overlay, plain diagnostics. */
export function baseFlags(overlay: Overlay): string[] {
  return ['-nostdinc', '-isystem', overlay.root, '-fdiagnostics-plain-output', '-fmax-errors=0'];
}

/** Runs `gcc -fsyntax-only` once per header, `jobs` at a time. */
export async function checkHeaders(
  abi: OracleAbi,
  overlay: Overlay,
  headers: string[],
  jobs = 2,
): Promise<HeaderCheck> {
  const [cmd, ...args] = await compilerProper(abi.gcc, [
    ...baseFlags(overlay),
    '-fsyntax-only',
    '-x',
    'c',
    '-',
  ]);
  const results = await mapPool(headers, jobs, (h) => runTool(cmd, args, { input: `#include <${h}>\n` }));
  const check: HeaderCheck = { accepted: [], rejected: [] };
  results.forEach((r, i) => {
    if (r.code === 0) check.accepted.push(headers[i]);
    else check.rejected.push({ header: headers[i], ...categorize(r.stderr) });
  });
  return check;
}

/**
 * The cc1 command line the driver would run for `args` (from `gcc -###`), so
 * hundreds of checks skip the driver's own process; the driver's target
 * defaults (-march=..., -mabi=...) are kept. Falls back to the driver.
 */
export async function compilerProper(gcc: string, args: string[]): Promise<string[]> {
  const r = await runTool(gcc, ['-###', ...args]);
  // ` /usr/lib/gcc/.../cc1 -quiet ... "-march=z196" ...`: quoted only where needed.
  const line = r.stderr.split('\n').find((l) => /^ "?\S*\/cc1"? /.test(l));
  if (r.code !== 0 || !line) return [gcc, ...args];
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) =>
    m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2],
  );
}

const KERNEL_TOP_DIRS = ['drm/', 'rdma/', 'video/', 'mtd/', 'sound/', 'scsi/', 'xen/', 'misc/'];

/** Sorts a rejection into a few causes, from gcc's first error. */
export function categorize(stderr: string): { category: string; detail: string } {
  const detail = (
    stderr.split('\n').find((l) => /\b(fatal )?error:/.test(l)) ??
    stderr.trim().split('\n')[0] ??
    ''
  ).trim();
  const missing = /fatal error: (\S+): No such file or directory/.exec(detail);
  if (missing) {
    const outside = KERNEL_TOP_DIRS.some((d) => missing[1].startsWith(d));
    return {
      category: outside
        ? `includes a UAPI header outside the overlay (<${missing[1]}>)`
        : `includes a libc header (<${missing[1]}>)`,
      detail,
    };
  }
  if (/#error/.test(detail)) return { category: '#error: not to be included directly', detail };
  if (/unknown type name|incomplete (element )?type|undeclared|isn't known/.test(detail)) {
    return { category: 'uses a type or macro that only libc or another header defines', detail };
  }
  return { category: 'other error', detail };
}

/**
 * Splits `headers` into translation units that gcc compiles cleanly: the
 * first unit takes every header in order; a header that draws an error (or a
 * macro redefinition warning) there moves on to the next unit, and so on.
 * Line N of a unit is header N-1.
 */
export async function partitionHeaders(
  abi: OracleAbi,
  overlay: Overlay,
  headers: string[],
  tuDir: string,
): Promise<string[][]> {
  mkdirSync(tuDir, { recursive: true });
  const groups: string[][] = [];
  let pending = headers;
  while (pending.length > 0) {
    const { group, evicted } = await settleGroup(
      abi,
      overlay,
      pending,
      join(tuDir, `${abi.name}-check-${groups.length}.c`),
    );
    groups.push(group);
    pending = evicted;
  }
  return groups;
}

async function settleGroup(abi: OracleAbi, overlay: Overlay, headers: string[], tuPath: string) {
  let group = headers;
  const evicted: string[] = [];
  const nameOf = includeNameOf(overlay);
  for (;;) {
    writeFileSync(tuPath, includeLines(group));
    const r = await runTool(abi.gcc, [...baseFlags(overlay), '-fsyntax-only', '-H', tuPath]);
    const bad = conflictingHeaders(r.stderr, group, nameOf);
    if (r.code === 0 && bad.size === 0) return { group, evicted };
    // Never evict the first header: it compiles on its own, so progress is guaranteed.
    const badIndexes = new Set([...bad].filter((i) => i > 0));
    if (badIndexes.size === 0)
      throw new Error(`${abi.name}: cannot attribute gcc errors to a header:\n${r.stderr.slice(0, 2000)}`);
    evicted.push(...group.filter((_, i) => badIndexes.has(i)));
    group = group.filter((_, i) => !badIndexes.has(i));
  }
}

/** One `#include <h>` per line: line N of the unit is header N-1. */
export function includeLines(headers: string[]): string {
  return headers.map((h) => `#include <${h}>\n`).join('');
}

/**
 * Indexes of the headers in `group` that drew an error or a macro
 * redefinition warning, from the stderr of a `-H` compile. gcc's include
 * chains are not reliable after notes, so each file is attributed to the main
 * header during which `-H` last showed it being opened.
 */
export function conflictingHeaders(
  stderr: string,
  group: string[],
  nameOf: (path: string) => string,
): Set<number> {
  const indexOf = new Map(group.map((h, i) => [h, i]));
  const ownerOf = new Map<string, number>();
  const bad = new Set<number>();
  const diag = /^(.+?):\d+:\d+: (fatal error|error|warning|note): (.*)$/;
  let current = -1;
  for (const line of stderr.split('\n')) {
    const opened = /^(\.+) (\S.*)$/.exec(line);
    if (opened) {
      const name = nameOf(resolve(opened[2]));
      if (opened[1].length === 1) current = indexOf.get(name) ?? current;
      ownerOf.set(name, current);
      continue;
    }
    const d = diag.exec(line);
    if (!d) continue;
    const isConflict =
      d[2] === 'error' || d[2] === 'fatal error' || (d[2] === 'warning' && /^"[^"]+" redefined/.test(d[3]));
    const owner = ownerOf.get(nameOf(resolve(d[1]))) ?? current;
    if (isConflict && owner >= 0) bad.add(owner);
  }
  return bad;
}
