// Explicit padding members for the layout quick fixes: the type and a free
// name for a gap of N bytes at an offset, written in the struct's own style
// (`\t__u32\tpad;`, `\t__u8\treserved[3];`).

import type { Fix } from '../diag/diagnostic';
import type { CheckContext } from './context';
import { insertLinesBefore, memberStyle } from './source-text';

/** The member declaration filling `size` bytes at `offset`, named so it clashes with none of `taken`. */
export function padMember(
  size: number,
  offset: number,
  taken: ReadonlySet<string>,
): { type: string; name: string; suffix: string } {
  const scalar = [1, 2, 4, 8].includes(size) && offset % size === 0;
  const base = scalar ? 'pad' : 'reserved';
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}${i}`;
  return scalar ? { type: `__u${size * 8}`, name, suffix: '' } : { type: '__u8', name, suffix: `[${size}]` };
}

/** A fix inserting a padding member on a new line before `beforeLine`, styled like `styleLine`. */
export function insertPadFix(
  ctx: CheckContext,
  file: string,
  beforeLine: number,
  styleLine: number,
  size: number,
  offset: number,
  taken: ReadonlySet<string>,
): Fix {
  const { indent, sep } = memberStyle(ctx, file, styleLine);
  const pad = padMember(size, offset, taken);
  const decl = `${indent}${pad.type}${sep}${pad.name}${pad.suffix};`;
  return {
    title: `Insert explicit padding '${pad.type} ${pad.name}${pad.suffix}'`,
    edits: [insertLinesBefore(file, beforeLine, [decl])],
  };
}
