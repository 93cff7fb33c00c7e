// Questions about a member's declared type that several UAPI rules ask:
// what a typedef chain ends in, whether it is a 64-bit integer, whether it
// carries an `aligned` attribute (as `__aligned_u64` expands to).

import type { Attribute, FieldDecl, TypeExpr } from '../lang/ast';
import type { TypeEnv } from '../layout/index';
import { pushAll } from '../text/push-all';

/** Follows typedefs to the first non-typedef type; `chain` lists the typedef names passed. */
export function resolveTypedefs(
  type: TypeExpr,
  env: TypeEnv,
): { type: TypeExpr; chain: string[]; attributes: Attribute[] } {
  const chain: string[] = [];
  const attributes: Attribute[] = [];
  let t = type;
  for (let depth = 0; t.kind === 'typedef-ref' && depth < 32; depth++) {
    const td = env.typedef(t.name);
    if (!td) break;
    chain.push(t.name);
    pushAll(attributes, td.attributes);
    t = td.type;
  }
  return { type: t, chain, attributes };
}

const INT64 = new Set(['long long', 'unsigned long long']);

/** True for `__u64`, `__s64`, `__le64`, `__be64`, `uint64_t`, `long long`, ... (not `long`, whose size varies). */
export function is64BitInteger(type: TypeExpr, env: TypeEnv): boolean {
  const r = resolveTypedefs(type, env);
  return r.type.kind === 'builtin' && INT64.has(r.type.name);
}

export function hasAlignedAttribute(field: FieldDecl, env: TypeEnv): boolean {
  if (field.attributes.some((a) => a.name === 'aligned')) return true;
  return resolveTypedefs(field.type, env).attributes.some((a) => a.name === 'aligned');
}

/** The name a type is written with in messages (`__u64`, `int`, `enum foo`, `char *`). */
export function spelledType(type: TypeExpr): string {
  switch (type.kind) {
    case 'builtin':
      return type.name;
    case 'typedef-ref':
      return type.name;
    case 'record-ref':
      return `${type.tag} ${type.name}`;
    case 'record':
      return `${type.decl.kind} ${type.decl.name ?? '{...}'}`;
    case 'enum-ref':
      return `enum ${type.name}`;
    case 'enum':
      return `enum ${type.decl.name ?? '{...}'}`;
    case 'pointer':
      return `${spelledType(type.to)} *`;
    case 'array':
      return `${spelledType(type.of)}[]`;
    case 'function':
      return 'function';
    case 'unknown':
      return type.text;
  }
}
