// kernel-copy-uninitialized (uapi-rules 13): a struct copied to userspace that is
// neither zero-initialised (`= {}`, memset) nor fully assigned before the copy:
// unassigned members and the layout engine's holes and tail padding, per ABI,
// carry kernel stack to userspace. Quick fix: `= {}` on the declaration.

import type { Diagnostic } from '../diag/diagnostic';
import type { RecordLayout } from '../layout/types';
import type { FlowCall, FlowFunction, FlowLocal } from '../parser/tree-sitter/c-flow';
import {
  COPY_OUT,
  addressedLocal,
  copiedBytes,
  type KernelCheck,
  type KernelCheckContext,
} from '../kernel/types';
import { abiList, groupBy } from '../analysis/records';
import { anyBetween, usesOf } from './local-uses';

export const kernelCopyUninitialized: KernelCheck = {
  id: 'kernel-copy-uninitialized',
  summary:
    'A struct copied to userspace without being zeroed or fully assigned (padding and unset members leak kernel stack)',
  defaultSeverity: 'warning',
  *units(ctx) {
    for (const fn of ctx.flow.functions) for (const c of fn.calls) yield checkCopy(ctx, fn, c);
  },
};

const ZEROED_INIT = /^\{\s*(0\s*)?\}$/;

function checkCopy(ctx: KernelCheckContext, fn: FlowFunction, call: FlowCall): Diagnostic[] {
  const argIndex = COPY_OUT.get(call.callee);
  if (argIndex === undefined) return [];
  const name = addressedLocal(call.args[argIndex]);
  const local = name && [...fn.locals].reverse().find((l) => l.name === name && l.at < call.at);
  if (!local || local.pointer || local.array) return [];
  const tag = /^(?:const\s+)?(?:struct|union)\s+(\w+)$/.exec(local.type)?.[1];
  if (!tag || (local.init !== undefined && ZEROED_INIT.test(local.init))) return [];
  // What happened to the local between its declaration and this copy (indexed once per function).
  const uses = usesOf(fn, name);
  const between = (at: readonly number[]): boolean => anyBetween(at, local.at, call.at);
  if (between(uses.zeroed)) return [];
  // Filled whole by another function (or assigned from another struct): what it writes is not visible here.
  if (between(uses.passed)) return [];
  if (between(uses.assigned)) return [];
  const layouts = ctx.layouts(tag);
  const designated = local.init !== undefined;
  const written = new Set([...uses.members].filter(([, at]) => between(at)).map(([member]) => member));
  if (layouts.length === 0) {
    if (designated || written.size) return []; // no layout: which members or bytes are left is unknown
    return [
      finding(
        ctx,
        call,
        local,
        `'${name}' (${local.type}) is copied to userspace by ${call.callee}() but never initialised`,
      ),
    ];
  }
  const limit = copiedBytes(
    fn,
    call.callee === 'copy_struct_to_user' ? call.args[3] : call.args[2],
    layouts[0].layout,
    call.at,
  );
  const unset = designated ? [] : unsetMembers(layouts[0].layout, written, limit);
  const gaps = gapsOf(layouts, limit);
  if (unset.length === 0 && gaps.length === 0) return [];
  const parts: string[] = [];
  if (unset.length)
    parts.push(
      `member${unset.length > 1 ? 's' : ''} ${unset.map((m) => `'${m}'`).join(', ')} never assigned`,
    );
  if (gaps.length)
    parts.push(
      `${gaps.join('; ')} (padding is not zeroed by ${designated ? 'a designated initializer' : 'member assignments'})`,
    );
  const message = `${local.type} '${name}' is copied to userspace by ${call.callee}() without being zeroed: ${parts.join('; ')}; this leaks kernel stack`;
  return [finding(ctx, call, local, message)];
}

function finding(ctx: KernelCheckContext, call: FlowCall, local: FlowLocal, message: string): Diagnostic {
  const d: Diagnostic = {
    code: kernelCopyUninitialized.id,
    severity: kernelCopyUninitialized.defaultSeverity,
    file: ctx.file,
    range: call.loc.range,
    message: `${message}; initialise it with '= {}'`,
  };
  d.related = [{ file: ctx.file, range: local.loc.range, message: `'${local.name}' declared here` }];
  if (local.init === undefined) {
    d.fixes = [
      {
        title: `Initialise '${local.name}' with '= {}'`,
        edits: [{ file: ctx.file, range: { start: local.nameEnd, end: local.nameEnd }, newText: ' = {}' }],
      },
    ];
  }
  return d;
}

function unsetMembers(layout: RecordLayout, written: Set<string>, limit: number): string[] {
  // Members of anonymous structs/unions are assigned by their own names (`x.a` for `union { a; b; }`).
  const top = layout.members.flatMap((m) => (m.name ? [m] : (m.members ?? []).filter((x) => x.name)));
  return top
    .filter((m) => m.offset < limit && m.size !== null && !written.has(m.name as string))
    .map((m) => m.name as string);
}

/** Holes and tail padding inside the copied bytes, grouped across ABIs. */
function gapsOf(layouts: { abi: string; layout: RecordLayout }[], limit: number): string[] {
  const seen: { abi: string; text: string }[] = [];
  for (const { abi, layout } of layouts) {
    const end = Math.min(limit, layout.size);
    for (const h of layout.holes)
      if (h.size > 0 && h.offset < end)
        seen.push({
          abi,
          text: `${h.size}-byte hole at offset ${h.offset}${h.after ? ` after '${h.after}'` : ''}`,
        });
    if (layout.trailingPadding > 0 && limit >= layout.size)
      seen.push({
        abi,
        text: `${layout.trailingPadding} bytes of tail padding at offset ${layout.size - layout.trailingPadding}`,
      });
  }
  const all = layouts.length;
  return [...groupBy(seen, (s) => s.text).values()].map(
    (g) => `${g[0].text} on ${g.length === all ? 'every ABI' : abiList(g.map((s) => s.abi))}`,
  );
}
