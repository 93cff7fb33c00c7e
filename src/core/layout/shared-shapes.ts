// Record shapes shared across ABIs: a record declaration (one object for every ABI of a run,
// see parser/recovery/share-items.ts) often lays out the same on several ABIs (only the
// types whose size or alignment differ move anything). An equal shape is kept once, so
// a 7-ABI check holds the members, fields and holes of such a record once, not seven times.

import type { RecordDecl } from '../lang/ast';
import type { RecordShape } from './record-layout';
import type { FieldLayout, Hole, MemberLayout } from './types';
import { findHoles, flattenFields } from './holes';
import { exactArray } from '../text/compact';

const MAX_SHAPES = 8;
const byDecl = new WeakMap<RecordDecl, RecordShape[]>();
const derived = new WeakMap<RecordShape, { fields: FieldLayout[]; holes: Hole[] }>();

/** `shape`, or an equal shape of the same declaration laid out on another ABI. */
export function sharedShape(decl: RecordDecl, shape: RecordShape): RecordShape {
  // Findings name the ABI's numbers in their messages: such shapes stay the ABI's own.
  if (shape.diagnostics.length > 0) return shape;
  const known = byDecl.get(decl);
  const same = known?.find((k) => sameShape(k, shape));
  if (same) return same;
  // A few per declaration: 7 ABIs, and a server's edits elsewhere may change its layout often.
  if (!known) byDecl.set(decl, [shape]);
  else if (known.push(shape) > MAX_SHAPES) known.shift();
  return shape;
}

/** The flattened fields and holes of a shape's members, computed once per shape. */
export function fieldsAndHoles(
  shape: RecordShape,
  kind: 'struct' | 'union',
): { fields: FieldLayout[]; holes: Hole[] } {
  let d = derived.get(shape);
  if (!d)
    derived.set(
      shape,
      (d = {
        fields: exactArray(flattenFields(shape.members)),
        holes: exactArray(findHoles(shape.members, kind)),
      }),
    );
  return d;
}

function sameShape(a: RecordShape, b: RecordShape): boolean {
  return (
    a.kind === b.kind &&
    a.size === b.size &&
    a.align === b.align &&
    a.userAlign === b.userAlign &&
    a.packed === b.packed &&
    a.incomplete === b.incomplete &&
    a.diagnostics.length === 0 &&
    sameMembers(a.members, b.members)
  );
}

function sameMembers(a: readonly MemberLayout[], b: readonly MemberLayout[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (
      x.name !== y.name ||
      x.typeName !== y.typeName ||
      x.offset !== y.offset ||
      x.size !== y.size ||
      x.align !== y.align ||
      x.bitOffset !== y.bitOffset ||
      x.bitSize !== y.bitSize ||
      x.anonymousKind !== y.anonymousKind ||
      x.loc !== y.loc ||
      x.type !== y.type ||
      (x.members === undefined) !== (y.members === undefined) ||
      (x.members && y.members && !sameMembers(x.members, y.members))
    )
      return false;
  }
  return true;
}
