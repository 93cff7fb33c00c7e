// kernel-enotty (uapi-rules 14): in an ioctl or device-feature handler, "not
// supported here" answers -ENOTTY: a stub compiled for a configuration without
// the feature, and the `default:` arm of the command switch, must not answer
// -ENODEV, -EOPNOTSUPP, -EINVAL or -ENOSYS (userspace probes on -ENOTTY).

import type { Diagnostic } from '../diag/diagnostic';
import type { FlowFunction, FlowReturn } from '../parser/tree-sitter/c-flow';
import type { KernelCheck, KernelCheckContext } from '../kernel/types';

export const kernelEnotty: KernelCheck = {
  id: 'kernel-enotty',
  summary: "An ioctl or device-feature path answers 'not supported' with another errno than -ENOTTY",
  defaultSeverity: 'warning',
  *units(ctx) {
    for (const fn of ctx.flow.functions) yield check(ctx, fn);
  },
};

const WRONG = /^-\s*(ENODEV|EOPNOTSUPP|ENOTSUPP|EINVAL|ENOSYS)$/;
const HANDLER_NAME = /(^|_)(ioctl|feature|unlocked_ioctl|compat_ioctl)(_|$)/;

/** An ioctl or device-feature handler: by name, or by the (flags/cmd, __user arg) parameters handlers take. */
function isHandler(fn: FlowFunction): boolean {
  if (HANDLER_NAME.test(fn.name)) return true;
  const user = fn.params.some(
    (p) => /__user\s*\*/.test(p.type) || (p.name === 'arg' && /unsigned long/.test(p.type)),
  );
  return user && fn.params.some((p) => /^(flags|cmd)$/.test(p.name));
}

function check(ctx: KernelCheckContext, fn: FlowFunction): Diagnostic[] {
  if (!isHandler(fn)) return [];
  if (fn.stub) {
    const r = fn.returns[0];
    const errno = r && WRONG.exec(r.value)?.[1];
    return errno
      ? [
          finding(
            ctx,
            r,
            `${fn.name}() is a stub answering -${errno}`,
            'a configuration without the feature answers -ENOTTY, so userspace can tell "not here" from a failure',
          ),
        ]
      : [];
  }
  return (
    fn.returns
      // Only the switch on the command itself: a default for an unknown region index or sub-operation is -EINVAL.
      .filter(
        (r) =>
          r.caseLabel === 'default' && WRONG.test(r.value) && /\b(cmd|flags|ioctl)\b/.test(r.switchOn ?? ''),
      )
      .map((r) =>
        finding(
          ctx,
          r,
          `the default: arm of ${fn.name}() answers ${r.value.replace(/\s+/g, '')} for an unknown command`,
          'an unknown ioctl command or feature answers -ENOTTY (botching-up-ioctls.rst)',
        ),
      )
  );
}

function finding(ctx: KernelCheckContext, r: FlowReturn, what: string, why: string): Diagnostic {
  return {
    code: kernelEnotty.id,
    severity: kernelEnotty.defaultSeverity,
    file: ctx.file,
    range: r.loc.range,
    message: `${what}; ${why}`,
    fixes: [
      {
        title: 'Answer -ENOTTY',
        edits: [{ file: ctx.file, range: r.loc.range, newText: 'return -ENOTTY;' }],
      },
    ],
  };
}
