// kernel-reserved-unchecked (uapi-rules 8): a struct copied in from userspace
// whose reserved/pad members are never tested for zero, or whose flags are
// never tested for unknown bits: they can never be given a meaning later, since
// old userspace may pass garbage there (botching-up-ioctls.rst).

import type { Diagnostic } from '../diag/diagnostic';
import type { FlowCall, FlowFunction } from '../parser/tree-sitter/c-flow';
import {
  COPY_IN,
  addressedLocal,
  copiedBytes,
  type KernelCheck,
  type KernelCheckContext,
} from '../kernel/types';

export const kernelReservedUnchecked: KernelCheck = {
  id: 'kernel-reserved-unchecked',
  summary:
    'Reserved or pad members (or unknown flag bits) copied in from userspace are never checked for zero',
  defaultSeverity: 'warning',
  *units(ctx) {
    for (const fn of ctx.flow.functions) for (const c of fn.calls) yield check(ctx, fn, c);
  },
};

const RESERVED = /^(__)?(reserved|rsvd|resv|pad|padding|spare|unused)\w*$/i;

function check(ctx: KernelCheckContext, fn: FlowFunction, call: FlowCall): Diagnostic[] {
  const index = COPY_IN.get(call.callee);
  if (index === undefined || index < 0) return [];
  const name = addressedLocal(call.args[index]);
  // The nearest declaration before the copy: case blocks often each declare their own `info`.
  const local =
    name && [...fn.locals].reverse().find((l) => l.name === name && l.at < call.at && !l.pointer && !l.array);
  const tag = local && /^(?:const\s+)?(?:struct|union)\s+(\w+)$/.exec(local.type)?.[1];
  const layout = tag ? ctx.layouts(tag)[0]?.layout : undefined;
  if (!name || !local || !layout) return [];
  // Tests after the first copy into the same local count (a re-read of the struct for a sub-command
  // is covered by the checks made on the first read).
  const first =
    fn.calls.find(
      (c) =>
        COPY_IN.has(c.callee) &&
        addressedLocal(c.args[COPY_IN.get(c.callee) ?? 0]) === name &&
        (c.arm === call.arm || c.arm === -1),
    ) ?? call;
  const after = (at: number): boolean => at > Math.min(first.at, call.at);
  const tests = [
    ...fn.ifs.filter((i) => after(i.at)).map((i) => i.cond),
    ...fn.calls.filter((c) => after(c.at) && c !== call).map((c) => c.args.join(', ')),
    ...fn.returns.filter((r) => after(r.at)).map((r) => r.value),
  ];
  const limit = copiedBytes(
    fn,
    call.callee === 'copy_struct_from_user' ? call.args[3] : call.args[2],
    layout,
    call.at,
  );
  // A member the function later assigns is an output (VFIO GET_INFO copies argsz/flags in, then fills).
  const overwritten = (member: string): boolean =>
    fn.writes.some((w) => after(w.at) && new RegExp(`^${name}\\s*\\.\\s*${member}\\b`).test(w.target));
  const inbound = layout.fields.filter((f) => f.offset < limit && !overwritten(f.name));
  const mentions = (member: string): boolean =>
    tests.some((t) => new RegExp(`\\b${name}\\s*\\.\\s*${member}\\b`).test(t));
  const unchecked = inbound
    .filter((f) => RESERVED.test(f.name) && !mentions(f.name))
    .map((f) => `'${f.name}'`);
  const flags = inbound.find((f) => f.name === 'flags');
  const flagTests = tests.filter((t) => new RegExp(`\\b${name}\\s*\\.\\s*flags\\b`).test(t));
  // Unknown bits are rejected by `flags & ~VALID` or by handing the flags to a validator call.
  // A bitwise & or | (not && or ||) means specific bits are tested; otherwise the whole value is.
  const bitwise = (t: string): boolean =>
    /(^|[^&])&([^&]|$)|(^|[^|])\|([^|]|$)/.test(t.replace(/&&|\|\|/g, ' '));
  const flagsUnchecked = flags && !flagTests.some((t) => t.includes('~') || !bitwise(t));
  if (unchecked.length === 0 && !flagsUnchecked) return [];
  const parts = [];
  if (unchecked.length) parts.push(`${unchecked.join(', ')} never tested for zero`);
  if (flagsUnchecked) parts.push(`'flags' never tested for unknown bits (flags & ~VALID)`);
  return [
    {
      code: kernelReservedUnchecked.id,
      severity: kernelReservedUnchecked.defaultSeverity,
      file: ctx.file,
      range: call.loc.range,
      message: `${local.type} '${name}' is copied in from userspace by ${call.callee}() but ${parts.join(', and ')}: reject non-zero values with -EINVAL so the bits can be used later`,
    },
  ];
}
