// The JSON shape of `kpw layout --json` for one ABI: the contract scripts
// and the simulator read. Keys and their order are fixed; extra keys may
// only be appended after the documented ones.

import type { RecordLayout } from './types';

export interface LayoutJsonField {
  name: string;
  offset: number;
  /** null for a flexible array member. */
  size: number | null;
  bitOffset?: number;
  bitSize?: number;
}

export interface LayoutJsonType {
  kind: 'struct' | 'union';
  size: number;
  align: number;
  file: string;
  /** 1-based. */
  line: number;
  fields: LayoutJsonField[];
  /** Present (true) only when a member could not be laid out. */
  incomplete?: boolean;
}

export interface LayoutJson {
  abi: string;
  types: Record<string, LayoutJsonType>;
}

/** `{"abi": ..., "types": {name: {kind, size, align, file, line, fields}}}` for layouts of one ABI. */
export function toLayoutJson(layouts: readonly RecordLayout[], abiName: string): LayoutJson {
  const types: Record<string, LayoutJsonType> = {};
  for (const l of layouts) {
    const t: LayoutJsonType = {
      kind: l.kind,
      size: l.size,
      align: l.align,
      file: l.loc.file,
      line: l.loc.range.start.line + 1,
      fields: l.fields.map(fieldJson),
    };
    if (l.incomplete) t.incomplete = true;
    types[l.name] = t;
  }
  return { abi: abiName, types };
}

function fieldJson(f: RecordLayout['fields'][number]): LayoutJsonField {
  const out: LayoutJsonField = { name: f.name, offset: f.offset, size: f.size };
  if (f.bitSize !== undefined) {
    out.bitOffset = f.bitOffset;
    out.bitSize = f.bitSize;
  }
  return out;
}
