// Results of the layout engine: what `kpw layout --json` prints and what
// checks, hovers and the simulator consume. Offsets are bytes from the
// start of the outermost type; bit offsets follow DW_AT_data_bit_offset.

import type { SourceLocation } from '../text/position';
import type { Diagnostic } from '../diag/diagnostic';
import type { TypeExpr } from '../lang/ast';

/** One direct member of a record, as pahole lists it (anonymous members and
 *  unnamed bitfields included; nested anonymous records carry their own members). */
export interface MemberLayout {
  /** undefined for an anonymous record member or an unnamed bitfield. */
  name?: string;
  /** The member's type as C spells it (`__u32`, `struct vfio_info_cap_header`, `__u8[28]`). */
  typeName: string;
  /** Byte offset from the start of the outermost type. */
  offset: number;
  /** Size in bytes; null for a flexible array member. For bitfields: the storage unit's size. */
  size: number | null;
  align: number;
  /** Bitfields only: bit offset from the start of the outermost type, in allocation order. */
  bitOffset?: number;
  bitSize?: number;
  /** Members of an anonymous struct/union member, laid out in place. */
  members?: MemberLayout[];
  /** 'struct' | 'union' when this member is an anonymous record. */
  anonymousKind?: 'struct' | 'union';
  loc: SourceLocation;
  /** The declared type (for consumers that need more than typeName). */
  type?: TypeExpr;
}

/** The flattened view the JSON output and most consumers use. */
export interface FieldLayout {
  name: string;
  offset: number;
  size: number | null;
  bitOffset?: number;
  bitSize?: number;
  typeName: string;
  loc: SourceLocation;
}

export interface Hole {
  /** Byte offset where the gap starts (outermost-type relative). */
  offset: number;
  /** Gap size in bytes (0 with bits set for bit holes). */
  size: number;
  /** Bits of a bit hole inside a bitfield storage unit. */
  bits?: number;
  /** Name of the member before the gap, if any. */
  after?: string;
  /** Name of the member after the gap. */
  before?: string;
}

export interface RecordLayout {
  /** Tag, or the typedef name of an anonymous record. */
  name: string;
  kind: 'struct' | 'union';
  abi: string;
  size: number;
  align: number;
  packed: boolean;
  loc: SourceLocation;
  members: MemberLayout[];
  fields: FieldLayout[];
  holes: Hole[];
  /** Bytes of implicit padding at the end. */
  trailingPadding: number;
  /** True when a member could not be laid out: members after it are missing and the size is a lower bound. */
  incomplete?: boolean;
  /** Set by an `aligned` attribute on the record or one of its members (GCC's TYPE_USER_ALIGN). */
  userAlign?: boolean;
  /** Problems met while laying this type out (it is still reported as far as possible). */
  diagnostics: Diagnostic[];
}
