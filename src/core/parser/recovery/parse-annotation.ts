// Unknown kernel annotation macros after a declarator (`dma_ranges[] __counted_by(n)`,
// `*p __user`): left unexpanded when the included headers are older than the header
// under review. Where GCC allows an attribute, a `__name` / `__name(...)` is skipped
// with a warning instead of costing the member; both lowering paths come through here.

import { diagnostic } from '../../diag/diagnostic';
import { DiagCode } from '../../diag/codes';
import type { Attribute } from '../../lang/ast';
import { ATTRIBUTE_KEYWORDS, atAttribute, parseAttributes } from './parse-attr';
import type { TokenCursor } from './token-cursor';
import { pushAll } from '../../text/push-all';

/** `__` words with a meaning of their own in this position (handled by their callers). */
const NOT_ANNOTATIONS: ReadonlySet<string> = new Set(['__asm__', '__asm', '__declspec', '__extension__']);

/** Tokens that may follow an annotation: what may follow a declarator. */
const AFTER_DECLARATOR: ReadonlySet<string> = new Set([';', ',', ':', '=', '(', '}']);

/**
 * The kernel's standard annotations after a declarator, none of which changes a layout, and
 * the header that defines each (uapi <linux/stddef.h>, or the kernel-internal compiler
 * headers). When the included headers are older than the header under review, kpw knows
 * these itself: an info note (folded into one per model, see foldKernelAnnotations), not a warning.
 */
export const KERNEL_ANNOTATIONS: ReadonlyMap<string, string> = new Map([
  ['__counted_by', '<linux/stddef.h>'],
  ['__counted_by_le', '<linux/stddef.h>'],
  ['__counted_by_be', '<linux/stddef.h>'],
  ['__counted_by_ptr', '<linux/stddef.h>'],
  ['__kernel_nonstring', '<linux/stddef.h>'],
  ['__nonstring', '<linux/compiler_attributes.h>'],
  ['__nonstring_array', '<linux/compiler_types.h>'],
  ['__user', '<linux/compiler_types.h>'],
  ['__kernel', '<linux/compiler_types.h>'],
  ['__iomem', '<linux/compiler_types.h>'],
  ['__force', '<linux/compiler_types.h>'],
  ['__rcu', '<linux/compiler_types.h>'],
  ['__percpu', '<linux/compiler_types.h>'],
]);

/** Whether the cursor is at an unknown `__name` annotation (bare or with a parenthesized group). */
export function atUnknownAnnotation(tc: TokenCursor): boolean {
  const t = tc.tok;
  if (t.kind !== 'ident' || !t.text.startsWith('__') || t.text.length < 3) return false;
  if (ATTRIBUTE_KEYWORDS.has(t.text) || NOT_ANNOTATIONS.has(t.text)) return false;
  const next = tc.peek();
  if (next.kind === 'eof') return true;
  if (next.kind === 'punct')
    return AFTER_DECLARATOR.has(next.text) || (next.text === '[' && tc.peek(2).text === '[');
  return next.kind === 'ident' && next.text.startsWith('__');
}

/** Attributes and unknown annotations after a declarator, in any order. Annotations are
 *  reported (warning) and dropped: their meaning is unknown, so they do not reach the AST. */
export function parseDeclaratorSuffixAttributes(tc: TokenCursor): Attribute[] {
  const out: Attribute[] = [];
  for (;;) {
    if (atAttribute(tc)) pushAll(out, parseAttributes(tc));
    else if (atUnknownAnnotation(tc)) skipAnnotation(tc);
    else return out;
  }
}

function skipAnnotation(tc: TokenCursor): void {
  const name = tc.next();
  if (tc.is('(')) tc.skipGroup();
  const written = tc.ctx.slice(name.start, tc.lastEnd).replace(/\s+/g, ' ');
  const shown = written.length > 60 ? `${written.slice(0, 60)}...` : written;
  const where = tc.ctx.loc(name.start, tc.lastEnd);
  const home = KERNEL_ANNOTATIONS.get(name.text);
  if (home) {
    tc.ctx.diagnostics.push(
      diagnostic(
        DiagCode.kernelAnnotation,
        'info',
        where.file,
        where.range,
        `'${name.text}' is a kernel annotation (from ${home}) the included headers do not define: ` +
          'they are older than this header; kpw knows it does not change the layout',
      ),
    );
    return;
  }
  const hint = /aligned|packed/.test(name.text)
    ? ' (if it changes alignment or packing, this layout may be wrong)'
    : '';
  tc.ctx.diagnostics.push(
    diagnostic(
      DiagCode.unknownAnnotation,
      'warning',
      where.file,
      where.range,
      `'${shown}' is not a macro the included headers define; ignored as an annotation${hint}`,
    ),
  );
}
