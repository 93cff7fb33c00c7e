// Turns gcc's DWARF into the layout JSON: every named struct/union (tag, or
// typedef name of an anonymous one) with size, location and its named
// members flattened through anonymous struct/union members. Alignment is
// not in DWARF; measure.ts fills it from a separate _Alignof compile.

import type { FieldJson, TypeJson } from './layout-json';
import { type Die, type DwarfDump, numberValue, refValue, stringValue } from './readelf-dwarf';

export interface DwarfRecords {
  types: Record<string, TypeJson>;
  /** Names skipped because a tag and a typedef'd anonymous record share them. */
  collisions: string[];
  /** Names that are typedefs of anonymous records (spelled without `struct`). */
  typedefNamed: Set<string>;
}

const RECORD_TAGS = new Set(['DW_TAG_structure_type', 'DW_TAG_union_type']);
const TRANSPARENT_TAGS = new Set([
  'DW_TAG_typedef',
  'DW_TAG_const_type',
  'DW_TAG_volatile_type',
  'DW_TAG_restrict_type',
  'DW_TAG_atomic_type',
]);
/** Subtrees whose records are local to a function, not file-scope types. */
const SKIPPED_SCOPES = new Set(['DW_TAG_subprogram', 'DW_TAG_lexical_block', 'DW_TAG_inlined_subroutine']);

/**
 * `fileName` maps gcc's path (as in the line table) to the JSON `file`;
 * `endian` is needed only for DWARF 2-4 style DW_AT_bit_offset.
 */
export function recordsFromDwarf(
  dump: DwarfDump,
  endian: 'little' | 'big',
  fileName: (path: string) => string,
): DwarfRecords {
  const reader = new RecordReader(dump, endian);
  const typedefNames = typedefsOfAnonymous(dump.roots);
  const types: Record<string, TypeJson> = {};
  const fromTypedef = new Set<string>();
  const collisions: string[] = [];
  for (const die of recordDies(dump.roots)) {
    const tag = die.attrs.get('DW_AT_name');
    const name = tag !== undefined ? stringValue(tag) : typedefNames.get(die.offset);
    if (name === undefined || die.attrs.has('DW_AT_declaration')) continue;
    if (name in types) {
      collisions.push(name);
      // A tag wins over a typedef'd anonymous record of the same name.
      if (tag === undefined || !fromTypedef.has(name)) continue;
    }
    if (tag === undefined) fromTypedef.add(name);
    else fromTypedef.delete(name);
    const file = dump.files.get(numberValue(die.attrs.get('DW_AT_decl_file')) ?? -1) ?? '';
    types[name] = {
      kind: die.tag === 'DW_TAG_union_type' ? 'union' : 'struct',
      size: numberValue(die.attrs.get('DW_AT_byte_size')) ?? 0,
      align: 0,
      file: fileName(file),
      line: numberValue(die.attrs.get('DW_AT_decl_line')) ?? 0,
      fields: reader.fields(die),
    };
  }
  return { types, collisions, typedefNamed: fromTypedef };
}

function* recordDies(dies: Die[]): Generator<Die> {
  for (const die of dies) {
    if (SKIPPED_SCOPES.has(die.tag)) continue;
    if (RECORD_TAGS.has(die.tag)) yield die;
    yield* recordDies(die.children);
  }
}

/** Anonymous record DIE offset -> the first typedef naming it directly. */
function typedefsOfAnonymous(roots: Die[]): Map<number, string> {
  const names = new Map<number, string>();
  const visit = (dies: Die[]): void => {
    for (const die of dies) {
      if (SKIPPED_SCOPES.has(die.tag)) continue;
      if (die.tag === 'DW_TAG_typedef') {
        const target = refValue(die.attrs.get('DW_AT_type'));
        const name = die.attrs.get('DW_AT_name');
        if (target !== undefined && name !== undefined && !names.has(target))
          names.set(target, stringValue(name));
      }
      visit(die.children);
    }
  };
  visit(roots);
  return names;
}

class RecordReader {
  constructor(
    private readonly dump: DwarfDump,
    private readonly endian: 'little' | 'big',
  ) {}

  fields(record: Die): FieldJson[] {
    const out: FieldJson[] = [];
    this.collect(record, 0, out);
    return out;
  }

  private collect(record: Die, base: number, out: FieldJson[]): void {
    for (const m of record.children) {
      if (m.tag !== 'DW_TAG_member') continue;
      const loc = numberValue(m.attrs.get('DW_AT_data_member_location')) ?? 0;
      const typeRef = refValue(m.attrs.get('DW_AT_type'));
      const name = m.attrs.get('DW_AT_name');
      if (name === undefined) {
        const inner = this.strip(typeRef);
        if (inner && RECORD_TAGS.has(inner.tag)) this.collect(inner, base + loc, out);
        continue;
      }
      const size = this.typeSize(typeRef);
      const bitSize = numberValue(m.attrs.get('DW_AT_bit_size'));
      if (bitSize === undefined) {
        out.push({ name: stringValue(name), offset: base + loc, size });
        continue;
      }
      const bitOffset = base * 8 + this.dataBitOffset(m, loc, bitSize);
      const unit = size && size > 0 ? size : 1;
      out.push({
        name: stringValue(name),
        offset: Math.floor(bitOffset / (8 * unit)) * unit,
        size,
        bitOffset,
        bitSize,
      });
    }
  }

  /** DW_AT_data_bit_offset, or its DWARF 2-4 equivalent from DW_AT_bit_offset. */
  private dataBitOffset(m: Die, loc: number, bitSize: number): number {
    const direct = numberValue(m.attrs.get('DW_AT_data_bit_offset'));
    if (direct !== undefined) return direct;
    const old = numberValue(m.attrs.get('DW_AT_bit_offset')) ?? 0;
    const storage =
      numberValue(m.attrs.get('DW_AT_byte_size')) ?? this.typeSize(refValue(m.attrs.get('DW_AT_type'))) ?? 0;
    // DW_AT_bit_offset counts from the storage unit's most significant bit.
    return this.endian === 'big' ? loc * 8 + old : loc * 8 + storage * 8 - old - bitSize;
  }

  private strip(ref: number | undefined): Die | undefined {
    let die = ref === undefined ? undefined : this.dump.byOffset.get(ref);
    for (let i = 0; die && TRANSPARENT_TAGS.has(die.tag) && i < 64; i++)
      die = this.dump.byOffset.get(refValue(die.attrs.get('DW_AT_type')) ?? -1);
    return die;
  }

  /** sizeof the type; null for an array without a bound (flexible array). */
  typeSize(ref: number | undefined): number | null {
    const die = this.strip(ref);
    if (!die) return null;
    if (die.tag !== 'DW_TAG_array_type') return numberValue(die.attrs.get('DW_AT_byte_size')) ?? null;
    const elem = this.typeSize(refValue(die.attrs.get('DW_AT_type')));
    if (elem === null) return null;
    let total = elem;
    for (const sub of die.children.filter((c) => c.tag === 'DW_TAG_subrange_type')) {
      const count = subrangeCount(sub);
      if (count === undefined) return null;
      total *= count;
    }
    return total;
  }
}

function subrangeCount(sub: Die): number | undefined {
  const count = numberValue(sub.attrs.get('DW_AT_count'));
  if (count !== undefined) return count;
  const upper = numberValue(sub.attrs.get('DW_AT_upper_bound'));
  if (upper === undefined) return undefined;
  // Older gcc wrote zero-length arrays as upper bound -1 (all ones).
  if (upper < 0 || upper >= 0xffffffff) return 0;
  return upper - (numberValue(sub.attrs.get('DW_AT_lower_bound')) ?? 0) + 1;
}
