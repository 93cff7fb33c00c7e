// Where each local of a function is zeroed, passed to a call, assigned whole or has a member
// assigned, indexed once per function: kernel-copy-uninitialized asks "between the local's
// declaration and this copy?" for every copy, and scanning every call and write per copy was
// quadratic in one function (a 30,000-case ioctl switch copying out the same struct: minutes).

import type { FlowFunction } from '../parser/tree-sitter/c-flow';
import { COPY_OUT, addressedLocal } from '../kernel/types';

/** Positions (sorted) of what happens to one local name. */
export interface LocalUses {
  /** memset(&x, 0, ...) / memzero_explicit(&x, 0 ...). */
  zeroed: number[];
  /** Passed to a call that is not a copy to userspace, by address or by value. */
  passed: number[];
  /** Assigned whole (`x = ...`). */
  assigned: number[];
  /** Member name -> where it is assigned (`x.m = ...`, `x.m[i] = ...`). */
  members: Map<string, number[]>;
}

const NONE: LocalUses = { zeroed: [], passed: [], assigned: [], members: new Map() };
const indexes = new WeakMap<FlowFunction, Map<string, LocalUses>>();

export function usesOf(fn: FlowFunction, name: string): LocalUses {
  let byName = indexes.get(fn);
  if (!byName) indexes.set(fn, (byName = indexUses(fn)));
  return byName.get(name) ?? NONE;
}

/** Whether one of the sorted positions lies strictly between `after` and `before`. */
export function anyBetween(sorted: readonly number[], after: number, before: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] < before;
}

function indexUses(fn: FlowFunction): Map<string, LocalUses> {
  const byName = new Map<string, LocalUses>();
  const of = (name: string): LocalUses => {
    let u = byName.get(name);
    if (!u) byName.set(name, (u = { zeroed: [], passed: [], assigned: [], members: new Map() }));
    return u;
  };
  for (const c of fn.calls) {
    if (/^(memset|memzero_explicit)$/.test(c.callee) && /^0$/.test(c.args[1] ?? '')) {
      const zeroed = addressedLocal(c.args[0]);
      if (zeroed) of(zeroed).zeroed.push(c.at);
    }
    if (COPY_OUT.has(c.callee)) continue;
    const names = new Set<string>();
    for (const a of c.args) {
      const addressed = addressedLocal(a);
      if (addressed) names.add(addressed);
      names.add(a);
    }
    for (const n of names) of(n).passed.push(c.at);
  }
  for (const w of fn.writes) {
    of(w.target).assigned.push(w.at);
    const dot = w.target.indexOf('.');
    if (dot > 0) {
      const member = w.target.slice(dot + 1).split(/[.[]/)[0];
      const members = of(w.target.slice(0, dot)).members;
      const at = members.get(member);
      if (at) at.push(w.at);
      else members.set(member, [w.at]);
    }
  }
  const sort = (xs: number[]) => xs.sort((a, b) => a - b);
  for (const u of byName.values()) {
    sort(u.zeroed);
    sort(u.passed);
    sort(u.assigned);
    for (const at of u.members.values()) sort(at);
  }
  return byName;
}
