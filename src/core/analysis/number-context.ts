// What the number checks share: the families of the checked files (from the
// reference model), where each member's #define is, whether a name is new
// against the baseline, and how to name values in messages.

import { resolve } from 'node:path';
import type { Range } from '../text/position';
import type { DefineValue } from '../model/define-values';
import type { CheckContext, NumberFamily } from './context';
import { modelFamilies } from './model-families';
import { uapiFiles } from './scope';

export type FamilyMember = NumberFamily['members'][number];

const checked = new WeakMap<CheckContext, NumberFamily[]>();

/** Families whose members are defined in the checked UAPI files (members outside them dropped);
 *  once per context: four checks ask, and the answer depends only on the context. */
export function checkedFamilies(ctx: CheckContext): NumberFamily[] {
  const ref = ctx.models[0];
  if (!ref) return [];
  let out = checked.get(ctx);
  if (!out) {
    const files = uapiFiles(ctx);
    out = modelFamilies(ref)
      .map((f) => ({ ...f, members: f.members.filter((m) => files.has(resolve(m.file))) }))
      .filter((f) => f.members.length >= 2);
    checked.set(ctx, out);
  }
  return out;
}

export function defineValue(ctx: CheckContext, name: string): DefineValue | undefined {
  return ctx.models[0]?.defines.get(name);
}

/** Location of a member's name in its #define line. */
export function memberRange(ctx: CheckContext, m: FamilyMember): { file: string; range: Range } {
  const loc = defineValue(ctx, m.name)?.record.nameLoc;
  const range = loc?.range ?? { start: { line: m.line, character: 0 }, end: { line: m.line, character: 0 } };
  return { file: resolve(loc?.file ?? m.file), range };
}

/** Whether the name is new in this change; undefined when there is no baseline. */
export function isNewName(ctx: CheckContext, m: FamilyMember): boolean | undefined {
  if (!ctx.baseline) return undefined;
  return !ctx.baseline.defines.get(resolve(m.file))?.has(m.name);
}

/** `VFIO_DEVICE_FEATURE_*` or `VFIO_BASE + n`. */
export function familyName(f: NumberFamily): string {
  return f.kind === 'ioctl' ? `ioctl ${f.prefix}` : `${f.prefix}*`;
}

/** A member value as the family writes it: `13`, or `VFIO_BASE + 17 (nr 117)` for ioctls. */
export function valueText(f: NumberFamily, v: bigint): string {
  if (f.kind !== 'ioctl') return String(v);
  return f.ioctlBase ? `${f.ioctlBase.name} + ${v - f.ioctlBase.value} (nr ${v})` : `nr ${v}`;
}

export function maxOf(values: bigint[]): bigint | undefined {
  return values.length ? values.reduce((a, b) => (b > a ? b : a)) : undefined;
}

/** Whether a family prefix is a whole namespace (`VFIO_`), too coarse to be one enumeration. */
export function isGrabBag(f: NumberFamily): boolean {
  return f.kind !== 'ioctl' && f.prefix.split('_').filter(Boolean).length < 2;
}
