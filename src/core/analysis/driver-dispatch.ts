// The driver side of device features, read from the workspace: the `case`
// labels of vfio_pci_core_ioctl_feature (drivers/vfio/pci/vfio_pci_core.c) and
// of the core switch (drivers/vfio/vfio_main.c), and each case's handler's
// vfio_check_feature(..., minsz) resolved to a struct when simple enough.

import { join } from 'node:path';
import {
  callsTo,
  parseCSource,
  resolveSizeArg,
  type CCall,
  type CCase,
  type CSource,
  type SizeArg,
} from '../parser/tree-sitter/c-source';
import { isDirectory, listDir } from '../host/query';
import { nodeFileHost } from '../host/node-file-host';
import type { FileHost } from '../host/types';
import { isParserReady } from '../parser/tree-sitter/tree-sitter';
import type { Range } from '../text/position';
import type { CheckContext } from './context';
import { MAX_DRIVER_SOURCE_CHARS, MAX_PARSED_DRIVER_SOURCES } from '../limits';
import { pushAll } from '../text/push-all';

export const PCI_CORE = 'drivers/vfio/pci/vfio_pci_core.c';
export const VFIO_MAIN = 'drivers/vfio/vfio_main.c';
export const PCI_SWITCH_FN = 'vfio_pci_core_ioctl_feature';

export interface DispatchCase extends CCase {
  file: string;
}

export interface MinszCheck {
  handler: string;
  file: string;
  call: CCall;
  size: SizeArg;
}

export interface Dispatch {
  /** The dispatch files present in the workspace (absolute). */
  files: string[];
  cases: DispatchCase[];
  /** Where the switch functions are, for related information. */
  switches: { file: string; fn: string; line: number }[];
}

const parsed = new Map<string, { text: string; src: CSource }>();

/** Whether the checks will read driver C sources under `root` (and so need tree-sitter loaded:
 *  callers await initParser() first; nothing else needs the grammar). */
export function readsDriverSources(root: string | undefined, host: FileHost = nodeFileHost): boolean {
  return !!root && isDirectory(host, join(root, 'drivers', 'vfio'));
}

/** Parses a workspace C file through the host, reusing the last parse of identical text. */
export function sourceFile(ctx: CheckContext, file: string): CSource | undefined {
  let text: string | undefined;
  try {
    text = ctx.workspace.host.readFile(file);
  } catch {
    return undefined;
  }
  if (text === undefined || text.length > MAX_DRIVER_SOURCE_CHARS) return undefined;
  const hit = parsed.get(file);
  if (hit && hit.text === text) return hit.src;
  const src = parseCSource(file, text);
  if (!isParserReady()) return src; // "not loaded" is no answer to keep for this text
  if (parsed.size > MAX_PARSED_DRIVER_SOURCES) parsed.clear();
  parsed.set(file, { text, src });
  return src;
}

const memo = new WeakMap<CheckContext, Dispatch | null>();

/** The dispatch switches of the workspace, or undefined when neither dispatch file exists. */
export function dispatchOf(ctx: CheckContext): Dispatch | undefined {
  if (!memo.has(ctx)) memo.set(ctx, readDispatch(ctx) ?? null);
  return memo.get(ctx) ?? undefined;
}

function readDispatch(ctx: CheckContext): Dispatch | undefined {
  const root = ctx.workspace.root;
  if (!root) return undefined;
  const out: Dispatch = { files: [], cases: [], switches: [] };
  const pci = sourceFile(ctx, join(root, PCI_CORE));
  if (pci) {
    out.files.push(pci.file);
    addCases(out, pci, (c) => c.fn === PCI_SWITCH_FN);
  }
  const main = sourceFile(ctx, join(root, VFIO_MAIN));
  if (main) {
    out.files.push(main.file);
    // The core switch: any switch in vfio_main.c whose labels are feature numbers.
    addCases(out, main, (c) => /FEATURE_/.test(c.label));
  }
  return out.files.length ? out : undefined;
}

function addCases(out: Dispatch, src: CSource, keep: (c: CCase) => boolean): void {
  const cases = src.cases.filter(keep);
  pushAll(
    out.cases,
    cases.map((c) => ({ ...c, file: src.file })),
  );
  for (const fn of new Set(cases.map((c) => c.fn))) {
    const def = src.functions.find((f) => f.name === fn);
    if (def) out.switches.push({ file: src.file, fn: def.name, line: def.loc.range.start.line });
  }
}

/** Whether some other .c file under drivers/vfio has `case NAME:` (a driver with its own feature switch). */
export function caseElsewhere(ctx: CheckContext, label: string, skip: readonly string[]): string | undefined {
  const root = ctx.workspace.root;
  if (!root) return undefined;
  const pattern = new RegExp(`\\bcase\\s+${label}\\s*:`);
  for (const file of cFiles(ctx.workspace.host, join(root, 'drivers/vfio'), 3, 400)) {
    if (skip.includes(file)) continue;
    let text: string | undefined;
    try {
      text = ctx.workspace.host.readFile(file);
    } catch {
      text = undefined;
    }
    if (text && pattern.test(text)) return file;
  }
  return undefined;
}

/** C files under dir, through the workspace host; links are not followed (a walk stays in the tree). */
function cFiles(host: FileHost, dir: string, depth: number, limit: number, out: string[] = []): string[] {
  let entries;
  try {
    entries = listDir(host, dir) ?? [];
  } catch {
    return out;
  }
  for (const e of entries) {
    if (out.length >= limit) break;
    const path = join(dir, e.name);
    if (e.kind === 'file' && e.name.endsWith('.c')) out.push(path);
    else if (e.kind === 'directory' && depth > 0) cFiles(host, path, depth - 1, limit, out);
  }
  return out;
}

/** The vfio_check_feature minsz of the handler a case calls (following one more call level). */
export function minszOf(ctx: CheckContext, c: DispatchCase): MinszCheck | { reason: string } {
  const src = sourceFile(ctx, c.file);
  if (!src) return { reason: `cannot read ${c.file}` };
  const inCase = src.calls.find(
    (k) => k.callee === 'vfio_check_feature' && k.fn === c.fn && within(k.loc.range, c.body.range),
  );
  if (inCase && c.fn) return checked(src, c.fn, inCase);
  for (const callee of c.calls) {
    const found = findHandler(ctx, src, callee);
    if (!found) continue;
    const hit = checkIn(found, callee);
    if (hit) return hit;
    // One level further: a handler that delegates (`return vfio_pci_zdev_feature_err(...)`).
    for (const inner of found.calls.filter((k) => k.fn === callee)) {
      const deeper = findHandler(ctx, found, inner.callee);
      const hit2 = deeper && checkIn(deeper, inner.callee);
      if (hit2) return hit2;
    }
  }
  return { reason: `no vfio_check_feature() call found in ${c.calls.join(', ') || 'the case'}` };
}

function within(inner: Range, outer: Range): boolean {
  const before = (a: Range['start'], b: Range['start']): boolean =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function checkIn(src: CSource, fn: string): MinszCheck | undefined {
  const call = callsTo(src, 'vfio_check_feature', fn)[0];
  return call ? checked(src, fn, call) : undefined;
}

function checked(src: CSource, fn: string, call: CCall): MinszCheck {
  const arg = call.args[3];
  const size: SizeArg = arg
    ? resolveSizeArg(src, arg, fn)
    : { kind: 'unknown', reason: 'vfio_check_feature() has no 4th argument', via: [] };
  return { handler: fn, file: src.file, call, size };
}

/** A function's definition: the same file, then drivers/vfio/pci/*.c, then drivers/vfio/*.c. */
function findHandler(ctx: CheckContext, from: CSource, name: string): CSource | undefined {
  if (from.functions.some((f) => f.name === name)) return from;
  const root = ctx.workspace.root;
  if (!root) return undefined;
  for (const dir of ['drivers/vfio/pci', 'drivers/vfio']) {
    for (const file of cFiles(ctx.workspace.host, join(root, dir), 0, 200)) {
      let text: string | undefined;
      try {
        text = ctx.workspace.host.readFile(file);
      } catch {
        text = undefined;
      }
      if (!text || !text.includes(name)) continue;
      const src = sourceFile(ctx, file);
      if (src?.functions.some((f) => f.name === name)) return src;
    }
  }
  return undefined;
}
