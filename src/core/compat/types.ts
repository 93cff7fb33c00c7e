// What the UAPI compatibility comparison reports: one change of one named
// thing (record, member, #define, enumerator, typedef) between a before and an
// after model on one ABI, classified as a break or as a compatible extension.

import type { SourceLocation } from '../text/position';

/** The stable check code each change is reported under (docs/checks/<code>.md). */
export type CompatCode =
  | 'compat-layout-changed'
  | 'compat-member-changed'
  | 'compat-number-changed'
  | 'compat-typedef-changed'
  | 'compat-removed'
  | 'compat-extension';

/** The kernel convention that makes a change compatible (uapi-compat.md). */
export type Convention =
  | 'argsz'
  | 'size-field'
  | 'versioned'
  | 'reserved-field'
  | 'padding'
  | 'flexible-array'
  | 'new-union-member'
  | 'same-layout'
  | 'new-number'
  | 'sentinel';

export interface CompatChange {
  code: CompatCode;
  abi: string;
  /** What changed: `struct vfio_x`, `VFIO_DEVICE_FEATURE_X`, `typedef __kernel_x`. */
  subject: string;
  /** For enumerators: the enum they belong to (`enum foo`, or `enum {FIRST...}` when anonymous). */
  owner?: string;
  /** The member, for member-level changes. */
  member?: string;
  /** A short key of the kind of change, equal across ABIs (`grew`, `removed`, `moved`, `value`). */
  what: string;
  /** The ABI-specific detail (`24 -> 32 bytes`). */
  detail: string;
  /** ABI-independent explanation. */
  note?: string;
  convention?: Convention;
  /** Where to report it: in the after file, or the before file's place when it was removed. */
  loc?: SourceLocation;
  /** Where it was before (for removed things). */
  beforeLoc?: SourceLocation;
}

export const CONVENTION_TEXT: Record<Convention, string> = {
  argsz: "extended at the end; userspace passes its size in 'argsz' (VFIO minsz/argsz negotiation)",
  'size-field': "extended at the end; userspace passes its size in a 'size' member (copy_struct_from_user)",
  versioned:
    'extended at the end of a versioned record (a capability header or a version member): readers check the version before the new members',
  'reserved-field':
    'takes over a reserved/pad member: compatible only if the kernel always rejected non-zero there (rule 8), guarded by a new flag bit',
  padding: 'takes over implicit padding: compatible only if the kernel zeroed and checked those bytes',
  'flexible-array': 'a flexible array at the end: the fixed part is unchanged',
  'new-union-member': "a new union member within the union's existing size",
  sentinel:
    "the enum's last, counting enumerator (_LAST, _MAX): it grows with its enum by design and is no ABI",
  'new-number': 'a new number; no existing value changed',
  'same-layout': 'same size, alignment and offsets: a source-level change only',
};
