// Reads the layout-relevant GCC attributes (`packed`, `aligned`, `aligned(N)`)
// from a declaration's attribute list. Names arrive normalized by the parser
// (`__packed__` -> `packed`); we normalize again so hand-built ASTs work too.

import type { Attribute } from '../lang/ast';
import type { Expr } from '../lang/ast';

function norm(name: string): string {
  return name.replace(/^__(.*)__$/, '$1');
}

export function hasPacked(attrs: readonly Attribute[] | undefined): boolean {
  return (attrs ?? []).some((a) => norm(a.name) === 'packed');
}

/** The `aligned` attribute: 'bare' for `aligned` without argument, the argument otherwise. */
export type AlignedSpec = { kind: 'bare'; attr: Attribute } | { kind: 'value'; expr: Expr; attr: Attribute };

/** The strongest `aligned` attribute in the list (GCC keeps the largest when repeated); undefined if none. */
export function alignedAttrs(attrs: readonly Attribute[] | undefined): AlignedSpec[] {
  const out: AlignedSpec[] = [];
  for (const a of attrs ?? []) {
    if (norm(a.name) !== 'aligned') continue;
    out.push(a.args.length === 0 ? { kind: 'bare', attr: a } : { kind: 'value', expr: a.args[0], attr: a });
  }
  return out;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}
