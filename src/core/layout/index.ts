// Public entry points of the layout engine: build a TypeEnv from parsed units,
// then ask for one record's layout on one ABI (memoized per env and ABI) or
// for all of them. Nothing here throws on bad input.

import type { RecordDecl } from '../lang/ast';
import type { AbiSpec } from '../abi/types';
import type { EvalEnv } from '../expr/evaluate';
import type { RecordLayout } from './types';
import { TypeEnv } from './type-env';
import { inlineMemberCount, LayoutContext } from './layout-context';
import { membersEnd } from './holes';
import { fieldsAndHoles } from './shared-shapes';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../steps';

export { TypeEnv } from './type-env';
export { LayoutContext } from './layout-context';
export type { TypeInfo, TypeResult } from './layout-context';
export type { RecordShape } from './record-layout';
export { typeName, declaration } from './type-name';
export type * from './types';

const contexts = new WeakMap<TypeEnv, Map<string, LayoutContext>>();
const layouts = new WeakMap<LayoutContext, Map<RecordDecl, RecordLayout>>();

/** The (memoized) per-ABI context of an env: sizes, enumerator values, evaluation. */
export function layoutContext(env: TypeEnv, abi: AbiSpec): LayoutContext {
  let byAbi = contexts.get(env);
  if (!byAbi) contexts.set(env, (byAbi = new Map()));
  let ctx = byAbi.get(abi.name);
  if (!ctx) byAbi.set(abi.name, (ctx = new LayoutContext(env, abi)));
  return ctx;
}

/** An EvalEnv answering sizeof/_Alignof/offsetof and enumerators for this env on this ABI. */
export function evalEnvFor(env: TypeEnv, abi: AbiSpec): EvalEnv {
  return layoutContext(env, abi).evalEnv;
}

/**
 * The layout of one record on one ABI. `name` is a tag (`foo`), `struct foo`,
 * `union foo`, a typedef name of a record, or the RecordDecl itself.
 * undefined when no complete record of that name exists.
 */
export function layoutRecord(
  env: TypeEnv,
  abi: AbiSpec,
  name: string | RecordDecl,
): RecordLayout | undefined {
  const decl = typeof name === 'string' ? env.findRecord(name) : name;
  if (!decl || !decl.fields) return undefined;
  const ctx = layoutContext(env, abi);
  let memo = layouts.get(ctx);
  if (!memo) layouts.set(ctx, (memo = new Map()));
  const done = memo.get(decl);
  if (done) return done;
  const result = buildLayout(env, ctx, decl);
  if (result) memo.set(decl, result);
  return result;
}

/** Layouts of every named record (tag or typedef name), in source order; filter by name or declaration. */
export function allRecordLayouts(
  env: TypeEnv,
  abi: AbiSpec,
  filter?: (name: string, decl: RecordDecl) => boolean,
): RecordLayout[] {
  return runSync(allRecordLayoutSteps(env, abi, filter));
}

/** The same, pausing between records (a checkpoint every 16: a record with a few members takes
 *  microseconds, one with thousands a millisecond or more). */
export function* allRecordLayoutSteps(
  env: TypeEnv,
  abi: AbiSpec,
  filter?: (name: string, decl: RecordDecl) => boolean,
): Steps<RecordLayout[]> {
  const out: RecordLayout[] = [];
  let tick = 0;
  for (const decl of env.allRecords()) {
    if ((++tick & 15) === 0) yield;
    const name = env.recordName(decl);
    if (name === undefined || (filter && !filter(name, decl))) continue;
    if (inlineMemberCount(decl) > CHECKPOINT_EVERY) {
      // A record of thousands of members (its own or nested ones'): its placement in steps, then its fields and holes in another.
      yield* layoutContext(env, abi).shapeSteps(decl);
      yield;
    }
    const l = layoutRecord(env, abi, decl);
    if (l) out.push(l);
  }
  return out;
}

function buildLayout(env: TypeEnv, ctx: LayoutContext, decl: RecordDecl): RecordLayout | undefined {
  const shape = ctx.shape(decl);
  if (!shape) return undefined;
  const end = membersEnd(shape.members);
  const { fields, holes } = fieldsAndHoles(shape, decl.kind);
  const layout: RecordLayout = {
    name: env.recordName(decl) ?? `<anonymous ${decl.kind}>`,
    kind: decl.kind,
    abi: ctx.abi.name,
    size: shape.size,
    align: shape.align,
    packed: shape.packed,
    loc: decl.loc,
    members: shape.members,
    fields,
    holes,
    trailingPadding: shape.incomplete ? 0 : Math.max(0, shape.size - end),
    diagnostics: shape.diagnostics,
  };
  if (shape.incomplete) layout.incomplete = true;
  if (shape.userAlign) layout.userAlign = true;
  return layout;
}
