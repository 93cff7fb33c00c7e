// Compares our layout JSON with gcc's, type by type and field by field, and
// sorts the differences into expected (listed in known-differences.json with
// a reason) and unexpected ones; listed entries that no longer occur are stale.

import type { FieldJson, TypeJson } from './layout-json';

export type DifferenceKind =
  | 'missing'
  | 'kind'
  | 'size'
  | 'align'
  | 'file'
  | 'line'
  | 'field-missing'
  | 'field-extra'
  | 'field-order'
  | 'offset'
  | 'field-size'
  | 'bitOffset'
  | 'bitSize';

export interface Difference {
  abi: string;
  type: string;
  /** Which translation unit of the ABI (a type may be measured in more than one). */
  unit?: number;
  field?: string;
  what: DifferenceKind;
  gcc: unknown;
  ours: unknown;
}

/** One entry of known-differences.json. `abi` may be "*"; without `field` it covers every field. */
export interface KnownDifference {
  abi: string;
  type: string;
  field?: string;
  what: DifferenceKind;
  reason: string;
}

/** Every way `ours` differs from `gcc` for one type; `fileName` normalizes our `file`. */
export function compareType(
  abi: string,
  type: string,
  gcc: TypeJson,
  ours: TypeJson | undefined,
  fileName: (f: string) => string = (f) => f,
): Difference[] {
  const out: Difference[] = [];
  const diff = (what: DifferenceKind, g: unknown, o: unknown, field?: string): void => {
    if (g !== o)
      out.push(
        field === undefined
          ? { abi, type, what, gcc: g, ours: o }
          : { abi, type, field, what, gcc: g, ours: o },
      );
  };
  if (!ours) return [{ abi, type, what: 'missing', gcc: gcc.kind, ours: undefined }];
  diff('kind', gcc.kind, ours.kind);
  diff('size', gcc.size, ours.size);
  diff('align', gcc.align, ours.align);
  diff('file', gcc.file, fileName(ours.file));
  diff('line', gcc.line, ours.line);
  out.push(...compareFields(abi, type, gcc.fields, ours.fields ?? []));
  return out;
}

function compareFields(abi: string, type: string, gcc: FieldJson[], ours: FieldJson[]): Difference[] {
  const out: Difference[] = [];
  const oursByName = new Map(ours.map((f) => [f.name, f]));
  const gccNames = new Set(gcc.map((f) => f.name));
  for (const g of gcc) {
    const o = oursByName.get(g.name);
    if (!o) {
      out.push({ abi, type, field: g.name, what: 'field-missing', gcc: g.offset, ours: undefined });
      continue;
    }
    const pairs: [DifferenceKind, unknown, unknown][] = [
      ['offset', g.offset, o.offset],
      ['field-size', g.size, o.size],
      ['bitOffset', g.bitOffset ?? null, o.bitOffset ?? null],
      ['bitSize', g.bitSize ?? null, o.bitSize ?? null],
    ];
    for (const [what, gv, ov] of pairs)
      if (gv !== ov) out.push({ abi, type, field: g.name, what, gcc: gv, ours: ov });
  }
  for (const o of ours)
    if (!gccNames.has(o.name))
      out.push({ abi, type, field: o.name, what: 'field-extra', gcc: undefined, ours: o.offset });
  const common = (list: FieldJson[], other: Set<string>) =>
    list
      .map((f) => f.name)
      .filter((n) => other.has(n))
      .join(',');
  const gccOrder = common(gcc, new Set(oursByName.keys()));
  const ourOrder = common(ours, gccNames);
  if (gccOrder !== ourOrder) out.push({ abi, type, what: 'field-order', gcc: gccOrder, ours: ourOrder });
  return out;
}

export function matchesKnown(k: KnownDifference, d: Difference): boolean {
  return (
    (k.abi === '*' || k.abi === d.abi) &&
    k.type === d.type &&
    k.what === d.what &&
    (k.field === undefined || k.field === d.field)
  );
}

export interface Triage {
  unexpected: Difference[];
  known: Difference[];
  /** Indexes into the known list of entries that matched at least one difference. */
  used: Set<number>;
}

/** Splits differences into known and unexpected, remembering which entries were used. */
export function triage(diffs: Difference[], known: KnownDifference[]): Triage {
  const result: Triage = { unexpected: [], known: [], used: new Set() };
  for (const d of diffs) {
    const i = known.findIndex((k) => matchesKnown(k, d));
    if (i < 0) result.unexpected.push(d);
    else {
      result.known.push(d);
      result.used.add(i);
    }
  }
  return result;
}

/** One line per difference, as the test failure message shows it. */
export function formatDifference(d: Difference): string {
  const where = d.field === undefined ? d.type : `${d.type}.${d.field}`;
  return `${d.abi} ${where}: ${d.what} gcc=${JSON.stringify(d.gcc)} ours=${JSON.stringify(d.ours)}`;
}
