// kernel-ioctl-direction (uapi-rules 12, the handler's half): an ioctl whose
// number is built with _IOR, _IOW or _IOWR (decoded from the UAPI header) and
// whose `case` arm copies the other way, or copies a struct other than the one
// its number encodes. _IOR: the kernel writes (copy_to_user); _IOW: it reads.

import type { Diagnostic } from '../diag/diagnostic';
import type { FlowCall, FlowFunction } from '../parser/tree-sitter/c-flow';
import {
  COPY_IN,
  COPY_OUT,
  addressedLocal,
  functionNamed,
  localsOfFile,
  type KernelCheck,
  type KernelCheckContext,
} from '../kernel/types';

export const kernelIoctlDirection: KernelCheck = {
  id: 'kernel-ioctl-direction',
  summary:
    "An ioctl's handler copies the other way than its _IOR/_IOW/_IOWR direction, or another struct than its number encodes",
  defaultSeverity: 'warning',
  *units(ctx) {
    for (const fn of ctx.flow.functions) for (const c of fn.cases) yield check(ctx, fn, c);
  },
};

const OUT = new Set([...COPY_OUT.keys(), 'put_user', '__put_user']);
const IN = new Set([...COPY_IN.keys(), 'get_user', '__get_user']);

function check(ctx: KernelCheckContext, fn: FlowFunction, arm: FlowFunction['cases'][number]): Diagnostic[] {
  const ioctl = ctx.define(arm.label)?.ioctl;
  if (!ioctl || ioctl.macro === '_IO') return [];
  const calls = callsIn(ctx, fn, arm.at, arm.end, 0);
  const outs = calls.filter((c) => OUT.has(c.callee));
  const ins = calls.filter((c) => IN.has(c.callee));
  if (outs.length === 0 && ins.length === 0) return []; // handled elsewhere (a helper in another file)
  const problems: string[] = [];
  if (ioctl.macro === '_IOW' && outs.length && !ins.length)
    problems.push(
      `it is _IOW (userspace writes, the kernel reads) but the handler only copies to userspace (${outs[0].callee}())`,
    );
  if (ioctl.macro === '_IOR' && ins.length && !outs.length)
    problems.push(
      `it is _IOR (the kernel writes) but the handler only reads from userspace (${ins[0].callee}())`,
    );
  const want = /^(?:struct|union)\s+(\w+)$/.exec(ioctl.argType ?? '')?.[1];
  for (const c of [...outs, ...ins]) {
    const index = COPY_OUT.get(c.callee) ?? COPY_IN.get(c.callee);
    const local = index !== undefined ? addressedLocal(c.args[index]) : undefined;
    const decl =
      local &&
      (fn.locals.find((l) => l.name === local && !l.pointer) ??
        localsOfFile(ctx.flow).find((l) => l.name === local && !l.pointer));
    const got = decl && /^(?:const\s+)?(?:struct|union)\s+(\w+)$/.exec(decl.type)?.[1];
    if (want && got && got !== want)
      problems.push(
        `${c.callee}() copies struct ${got}, but the number encodes ${ioctl.argType} (size ${ioctl.fields.size})`,
      );
  }
  if (problems.length === 0) return [];
  const message = `${arm.label}: ${[...new Set(problems)].join('; ')}`;
  return [
    {
      code: kernelIoctlDirection.id,
      severity: kernelIoctlDirection.defaultSeverity,
      file: ctx.file,
      range: arm.loc.range,
      message,
    },
  ];
}

/** Calls in [at, end) of fn, and in functions of the same file they call (one level). */
function callsIn(
  ctx: KernelCheckContext,
  fn: FlowFunction,
  at: number,
  end: number,
  depth: number,
): FlowCall[] {
  const own = fn.calls.filter((c) => c.at >= at && c.at < end);
  if (depth > 0) return own;
  const nested = own.flatMap((c) => {
    const callee = calleeOf(ctx, c.callee, fn);
    return callee ? callsIn(ctx, callee, callee.start, callee.end, depth + 1) : [];
  });
  return [...own, ...nested];
}

/** The function of the file a call names, other than the caller (the first of that name, as a scan would). */
function calleeOf(ctx: KernelCheckContext, name: string, caller: FlowFunction): FlowFunction | undefined {
  const first = functionNamed(ctx.flow, name);
  if (first !== caller) return first;
  return ctx.flow.functions.find((f) => f.name === name && f !== caller);
}
