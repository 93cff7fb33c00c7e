// The contract of a kernel-side check: rules on the C that implements a UAPI
// (uapi-rules.md 7, 8 and 12-15), run on one C file's functions with access to
// the layouts, per ABI, of the UAPI structs the file includes. One check per file.

import type { Diagnostic, Severity } from '../diag/diagnostic';
import type { RecordLayout } from '../layout/types';
import type { DefineValue } from '../model/define-values';
import type { CFlow, FlowFunction } from '../parser/tree-sitter/c-flow';

export interface KernelCheckContext {
  file: string;
  text: string;
  flow: CFlow;
  /** The layouts of a UAPI struct/union (by tag) on each ABI, reference ABI first; empty when unknown. */
  layouts(tag: string): { abi: string; layout: RecordLayout }[];
  /** A #define of the included UAPI headers, on the reference ABI (ioctl numbers decoded). */
  define(name: string): DefineValue | undefined;
}

export interface KernelCheck {
  /** Stable kebab-case code (`kernel-copy-uninitialized`); docs/checks/<id>.md. */
  id: string;
  summary: string;
  defaultSeverity: Severity;
  /** The findings, unit by unit (a function, or one call or case of it), in the order they are
   *  listed: the runner may pause between two units (a C file of thousands of functions, one
   *  function of thousands of calls). */
  units(ctx: KernelCheckContext): Iterable<Diagnostic[]>;
}

const byName = new WeakMap<CFlow, Map<string, FlowFunction>>();
const allLocals = new WeakMap<CFlow, FlowFunction['locals']>();

/** The first function of the file with this name (as `functions.find` would, without a scan per call). */
export function functionNamed(flow: CFlow, name: string): FlowFunction | undefined {
  let map = byName.get(flow);
  if (!map) {
    map = new Map();
    for (const f of flow.functions) if (!map.has(f.name)) map.set(f.name, f);
    byName.set(flow, map);
  }
  return map.get(name);
}

/** Every function's locals in file order, gathered once per file. */
export function localsOfFile(flow: CFlow): FlowFunction['locals'] {
  let list = allLocals.get(flow);
  if (!list) allLocals.set(flow, (list = flow.functions.flatMap((f) => f.locals)));
  return list;
}

/** Calls that copy kernel memory to userspace, and which argument is the kernel source. */
export const COPY_OUT: ReadonlyMap<string, number> = new Map([
  ['copy_to_user', 1],
  ['__copy_to_user', 1],
  ['copy_to_user_nofault', 1],
  ['copy_struct_to_user', 2],
]);

/** Calls that copy userspace memory into the kernel, and which argument is the kernel destination. */
export const COPY_IN: ReadonlyMap<string, number> = new Map([
  ['copy_from_user', 0],
  ['__copy_from_user', 0],
  ['copy_struct_from_user', 0],
  ['memdup_user', -1],
]);

/** `&x` or `&x.member` -> `x`; anything else undefined. */
export function addressedLocal(arg: string | undefined): string | undefined {
  const m = /^\(?\s*(?:\([^()]*\)\s*)?&\s*([A-Za-z_]\w*)\s*\)?$/.exec(arg ?? '');
  return m?.[1];
}

/** How many bytes of `layout` a copy covers: a `sizeof` means all; `offsetofend(T, m)` (directly, or
 *  through a local such as VFIO's `minsz`, initialised or assigned before `at`) means up to the end of m. */
export function copiedBytes(
  fn: FlowFunction,
  size: string | undefined,
  layout: RecordLayout,
  at: number,
): number {
  const assigned = fn.writes.filter((w) => w.target === size && w.op === '=' && w.at < at).pop()?.value;
  const expr = assigned ?? fn.locals.find((l) => l.name === size && l.init)?.init ?? size ?? '';
  const m = /offsetofend\s*\(\s*(?:struct\s+)?\w+\s*,\s*(\w+)\s*\)/.exec(expr);
  const field = m && layout.fields.find((f) => f.name === m[1]);
  return field ? field.offset + (field.size ?? 0) : layout.size;
}
