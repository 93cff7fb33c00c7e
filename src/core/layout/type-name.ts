// C spellings of types for output: `__u32`, `struct foo`, `__u8[28]`,
// `void *`, `enum x`, and the split into type and declarator that
// pahole-style member lines need (`__u8` + `pad[28]`, `void` + `(*fn)()`).

import type { TypeExpr } from '../lang/ast';
import type { Expr } from '../lang/ast';

/** Turns an array length into text; the layout passes an evaluator so `[sizeof(x) - 4]` prints as `[28]`. */
export type LengthText = (length: Expr) => string;

const plainLength: LengthText = (e) => (e.kind === 'int' ? String(e.value) : exprText(e));

/** The type as C spells it in a cast or sizeof: `struct foo`, `__u8[28]`, `int (*)()`. */
export function typeName(t: TypeExpr, len: LengthText = plainLength): string {
  const d = declaration(t, '', len);
  if (!d.declarator) return d.type;
  const glue = d.declarator.startsWith('[') || d.type.endsWith('*') ? '' : ' ';
  return `${d.type}${glue}${d.declarator}`;
}

/** A declaration of `name` with type t, split in pahole's two columns. */
export function declaration(
  t: TypeExpr,
  name: string,
  len: LengthText = plainLength,
): { type: string; declarator: string } {
  let dims = '';
  let cur = t;
  for (let i = 0; cur.kind === 'array' && i < 64; i++) {
    dims += `[${cur.length ? len(cur.length) : ''}]`;
    cur = cur.of;
  }
  let stars = '';
  let inner = cur;
  for (let i = 0; inner.kind === 'pointer' && i < 64; i++) {
    stars += '*';
    inner = inner.to;
  }
  if (inner.kind === 'function' && stars) {
    const ret = declaration(inner.returns, '', len);
    return { type: ret.type, declarator: `(${stars.slice(1)}*${name}${dims})()` };
  }
  const base = baseName(inner);
  const type = stars ? `${base} ${stars}` : base;
  return { type, declarator: `${name}${dims}` };
}

function baseName(t: TypeExpr): string {
  switch (t.kind) {
    case 'builtin':
      return t.name;
    case 'typedef-ref':
      return t.name;
    case 'record-ref':
      return `${t.tag} ${t.name}`;
    case 'record':
      return t.decl.name ? `${t.decl.kind} ${t.decl.name}` : `${t.decl.kind} {...}`;
    case 'enum-ref':
      return `enum ${t.name}`;
    case 'enum':
      return t.decl.name ? `enum ${t.decl.name}` : 'enum {...}';
    case 'function':
      return `${typeName(t.returns)} ()`;
    case 'unknown':
      return t.text;
    default:
      return typeName(t);
  }
}

/** Compact C text of a constant expression, for messages and unevaluated array bounds. */
export function exprText(e: Expr): string {
  switch (e.kind) {
    case 'int':
    case 'char':
      return e.text;
    case 'ident':
      return e.name;
    case 'unary':
      return `${e.op}${exprText(e.arg)}`;
    case 'binary':
      return `${exprText(e.left)} ${e.op} ${exprText(e.right)}`;
    case 'cond':
      return `${exprText(e.test)} ? ${exprText(e.then)} : ${exprText(e.else)}`;
    case 'cast':
      return `(${typeName(e.type)})${exprText(e.arg)}`;
    case 'sizeof-type':
      return `sizeof(${typeName(e.type)})`;
    case 'sizeof-expr':
      return `sizeof(${exprText(e.arg)})`;
    case 'alignof':
      return `_Alignof(${typeName(e.type)})`;
    case 'offsetof':
      return `offsetof(${typeName(e.type)}, ${e.member.join('.')})`;
    case 'defined':
      return `defined(${e.name})`;
    case 'string':
      return JSON.stringify(e.value);
    case 'invalid':
      return e.text;
  }
}
