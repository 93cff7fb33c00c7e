// Numeric families inferred from the #defines of the header in front of the
// user (never from a built-in table): names sharing a prefix whose decimal
// values enumerate something (VFIO_DEVICE_FEATURE_* 0..N), and ioctls by type.

import { resolve } from 'node:path';
import type { DefineValue } from '../model/define-values';
import type { NumberFamily } from './context';
import { pushAll } from '../text/push-all';

type Member = NumberFamily['members'][number];

export interface InferOptions {
  /** Whether a #define sits inside a struct/union body: such defines name values of one
   *  member (`VFIO_DEVICE_FEATURE_CLEAR_MASTER 0` inside the bus-master struct), not family members. */
  insideRecord?(file: string, line: number): boolean;
}

/** Families of the given defines (one model's `defines.all()`), members in source order. */
export function inferFamilies(values: DefineValue[], opts: InferOptions = {}): NumberFamily[] {
  const numbers: Member[] = [];
  const ioctls: DefineValue[] = [];
  for (const v of values) {
    if (v.value === undefined || isAlias(v)) continue;
    if (opts.insideRecord?.(v.record.nameLoc.file, v.record.nameLoc.range.start.line)) continue;
    if (v.ioctl) ioctls.push(v);
    else if (isEnumeratorLike(v)) numbers.push(memberOf(v, v.value));
  }
  const byFirstWord = groupByKey(numbers, (m) => /^([A-Za-z][A-Za-z0-9]*_)/.exec(m.name)?.[1]);
  const out: NumberFamily[] = [];
  for (const [prefix, members] of byFirstWord) pushAll(out, familiesUnder(prefix, members, 0));
  pushAll(out, ioctlFamilies(ioctls, values));
  return out;
}

function memberOf(v: DefineValue, value: bigint): Member {
  return {
    name: v.name,
    value,
    file: resolve(v.record.nameLoc.file),
    line: v.record.nameLoc.range.start.line,
  };
}

/** `#define NEW OLD`: an alias shares its value on purpose. */
function isAlias(v: DefineValue): boolean {
  return /^\(*\s*[A-Za-z_]\w*\s*\)*$/.test(v.record.macro.bodyText.trim());
}

/** A decimal constant (`13`, `(0)`) or `BASE + n`: flags (`1 << 16`), masks (`0xffff`) and expressions stay out. */
function isEnumeratorLike(v: DefineValue): boolean {
  const body = v.record.macro.bodyText.trim();
  if (!/^\(?\s*(?:\d+[uUlL]*|[A-Za-z_]\w*\s*\+\s*\d+)\s*\)?$/.test(body)) return false;
  return v.value !== undefined && v.value >= 0n && v.value <= 0xffffn;
}

function groupByKey<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The next name level below `prefix`: `P_WORD_` for longer names, the name itself for a leaf. */
function childKey(prefix: string, name: string): string {
  const rest = name.slice(prefix.length);
  const cut = rest.indexOf('_');
  return cut <= 0 ? name : prefix + rest.slice(0, cut + 1);
}

const distinct = (ms: readonly Member[]): number => new Set(ms.map((m) => m.value)).size;

/** A sub-group that is an enumeration of its own: 2+ distinct values starting at 0 or 1, nearly contiguous. */
function isOwnEnumeration(ms: readonly Member[]): boolean {
  if (ms.length < 2 || distinct(ms) !== ms.length) return false;
  const vals = ms.map((m) => m.value);
  const min = vals.reduce((a, b) => (b < a ? b : a));
  const max = vals.reduce((a, b) => (b > a ? b : a));
  return min <= 1n && max - min + 1n <= BigInt(ms.length + 1);
}

/** A sub-group that is not part of its siblings' enumeration: it enumerates on its own,
 *  or it reuses values internally (a namespace holding several enumerations). */
function isSeparate(ms: readonly Member[]): boolean {
  return ms.length >= 2 && (isOwnEnumeration(ms) || distinct(ms) < ms.length);
}

/**
 * Splits the names under `prefix` into families. A sub-group that enumerates on its
 * own and reuses values of its siblings (VFIO_DEVICE_INFO_CAP_* next to
 * VFIO_DEVICE_FEATURE_*) is carved out; what remains is one family if its values are
 * mostly distinct (a few collisions are what the checks are for), else split further.
 */
function familiesUnder(prefix: string, members: Member[], depth: number): NumberFamily[] {
  if (depth > 12 || members.length < 2) return [];
  const children = groupByKey(members, (m) => childKey(prefix, m.name));
  if (children.size === 1) {
    const [key] = children.keys();
    return key.endsWith('_') ? familiesUnder(key, members, depth + 1) : [];
  }
  const carved: [string, Member[]][] = [];
  let rest = members;
  for (let changed = true; changed;) {
    changed = false;
    for (const [key, group] of children) {
      if (!key.endsWith('_') || carved.some(([k]) => k === key) || !isSeparate(group)) continue;
      const inGroup = new Set(group);
      const others = rest.filter((m) => !inGroup.has(m));
      const otherValues = new Set(others.map((m) => m.value));
      if (!group.some((m) => otherValues.has(m.value))) continue;
      carved.push([key, group]);
      rest = others;
      changed = true;
    }
  }
  const out = carved.flatMap(([key, group]) => familiesUnder(key, group, depth + 1));
  rest = dropOutliers(dropNestedRuns(rest));
  if (rest.length >= 2 && distinct(rest) >= rest.length * 0.75) {
    out.push(
      family(
        commonPrefix(
          rest.map((m) => m.name),
          prefix,
        ),
        rest,
      ),
    );
  } else {
    for (const [key, group] of children) {
      if (key.endsWith('_') && !carved.some(([k]) => k === key))
        pushAll(out, familiesUnder(key, group, depth + 1));
    }
  }
  return out;
}

/**
 * Removes runs of adjacent defines that restart at 0 or 1 below values the family
 * already reached and count up by one (`..._CLEAR_MASTER 0`, `..._SET_MASTER 1` right
 * after feature 9): values of one member, written among the family's names. A lone
 * define reusing a value is kept: that is the collision the checks look for.
 */
function dropNestedRuns(members: Member[]): Member[] {
  const drop = new Set<Member>();
  let max: bigint | undefined;
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    if (max !== undefined && max >= 2n && m.value <= 1n) {
      let j = i;
      while (
        j + 1 < members.length &&
        adjacent(members[j], members[j + 1]) &&
        members[j + 1].value === members[j].value + 1n
      )
        j++;
      if (j > i) {
        for (let k = i; k <= j; k++) drop.add(members[k]);
        i = j;
        continue;
      }
    }
    if (max === undefined || m.value > max) max = m.value;
  }
  return drop.size ? members.filter((m) => !drop.has(m)) : members;
}

function adjacent(a: Member, b: Member): boolean {
  return a.file === b.file && b.line > a.line && b.line - a.line <= 2;
}

/** Drops members far above the others (`VFIO_BASE 100` next to feature numbers 0..14). */
function dropOutliers(members: Member[]): Member[] {
  if (members.length < 3) return members;
  const sorted = members.map((m) => m.value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const limit = sorted[sorted.length - 2] * 2n + 8n;
  return members.filter((m) => m.value <= limit);
}

/** The longest word-boundary prefix (ending in `_`) shared by all names, at least `floor`. */
function commonPrefix(names: string[], floor: string): string {
  let p = names[0] ?? floor;
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  const cut = p.lastIndexOf('_');
  const out = cut >= 0 ? p.slice(0, cut + 1) : p;
  return out.length >= floor.length ? out : floor;
}

function family(prefix: string, members: Member[]): NumberFamily {
  const caps = members.filter((m) => /_CAPS?_/.test(m.name)).length;
  const kind = /FEATURE/.test(prefix)
    ? 'feature'
    : /(^|_)CAPS?_/.test(prefix) || caps * 2 >= members.length
      ? 'capability'
      : 'other';
  return { prefix, kind, members };
}

/** ioctls grouped by their `_IOC` type; `value` is the number field. */
function ioctlFamilies(ioctls: DefineValue[], all: DefineValue[]): NumberFamily[] {
  const byType = groupByKey(ioctls, (v) => String(v.ioctl?.fields.type));
  const out: NumberFamily[] = [];
  for (const [type, list] of byType) {
    if (list.length < 2) continue;
    const members = list.map((v) => memberOf(v, BigInt(v.ioctl?.fields.nr ?? 0)));
    const bases = new Set(
      list.map((v) => /,\s*([A-Za-z_]\w*)\s*\+\s*\d+\s*[,)]/.exec(v.record.macro.bodyText)?.[1]),
    );
    const baseName = bases.size === 1 ? [...bases][0] : undefined;
    const baseValue = baseName ? all.find((v) => v.name === baseName)?.value : undefined;
    const hex = `0x${Number(type).toString(16)}`;
    const fam: NumberFamily = {
      prefix: baseName ? `${baseName} + n` : `ioctl type ${hex}`,
      kind: 'ioctl',
      members,
      ioctlType: Number(type),
    };
    if (baseName && baseValue !== undefined) fam.ioctlBase = { name: baseName, value: baseValue };
    out.push(fam);
  }
  return out;
}
