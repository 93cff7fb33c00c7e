// The JSON shape `kpw layout --json` prints and the oracle produces, written
// here so the oracle does not depend on the engine it checks. The README in
// test/differential documents each convention (bitfield offsets, locations).

export interface FieldJson {
  name: string;
  /** Bytes from the start of the outermost type; for bitfields the start of the storage unit. */
  offset: number;
  /** Byte size of the member's type (whole array); null for a flexible array; bitfields: declared type's size. */
  size: number | null;
  /** Bitfields only: DW_AT_data_bit_offset from the outermost type, in allocation order. */
  bitOffset?: number;
  bitSize?: number;
}

export interface TypeJson {
  kind: 'struct' | 'union';
  size: number;
  align: number;
  /** Include name of the defining header (`linux/vfio.h`). */
  file: string;
  line: number;
  fields: FieldJson[];
}

export interface LayoutJson {
  abi: string;
  types: Record<string, TypeJson>;
}
