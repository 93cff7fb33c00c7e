// uapi-implicit-hole: a gap between members of a UAPI struct on some ABI that
// is not an explicit member. Holes leak kernel stack bytes and cannot be
// reused later; botching-up-ioctls.rst asks for explicit padding.

import type { Diagnostic } from '../diag/diagnostic';
import type { Hole, MemberLayout } from '../layout/types';
import type { Check, CheckContext } from './types';
import {
  abiList,
  allMembers,
  checkedRecordSteps,
  groupBy,
  RECORDS_PER_STEP,
  type CheckedRecord,
} from '../analysis/records';
import { insertPadFix } from '../analysis/padding';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../steps';
import { pushAll } from '../text/push-all';

export const uapiImplicitHole: Check = {
  id: 'uapi-implicit-hole',
  summary: 'A gap between members of a UAPI struct that is not an explicit padding member',
  defaultSeverity: 'warning',
  run(ctx: CheckContext): Diagnostic[] {
    return runSync(holeSteps(ctx));
  },
  steps: (ctx) => holeSteps(ctx),
};

/** A record of 60,000 holes took ~400 ms in one go: a checkpoint every CHECKPOINT_EVERY members, holes
 *  and findings within a record, and every RECORDS_PER_STEP records (16,000 small structs of one
 *  holes each, whose counts never reached a checkpoint, held the server ~170 ms). */
function* holeSteps(ctx: CheckContext): Steps<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const records = yield* checkedRecordSteps(ctx);
  for (let i = 0; i < records.length; i++) {
    if (i > 0 && i % RECORDS_PER_STEP === 0) yield;
    pushAll(out, yield* holesOf(ctx, records[i]));
  }
  return out;
}

const MASK = CHECKPOINT_EVERY - 1;

interface SeenHole {
  abi: string;
  hole: Hole;
  /** The member the gap follows, on that ABI. */
  prev?: MemberLayout;
}

function* holesOf(ctx: CheckContext, rec: CheckedRecord): Steps<Diagnostic[]> {
  const seen: SeenHole[] = [];
  let tick = 0;
  for (const { abi, layout } of rec.layouts) {
    if (layout.kind !== 'struct' || layout.packed) continue;
    const members = new MemberIndex();
    for (const m of allMembers(layout.members)) {
      members.add(m);
      if ((++tick & MASK) === 0) yield;
    }
    for (const hole of layout.holes) {
      if ((++tick & MASK) === 0) yield;
      if (hole.size <= 0) continue; // bit holes belong to uapi-bitfield
      seen.push({ abi, hole, prev: members.endingAt(hole) });
    }
  }
  // One finding per place: the member the gap follows (by name), across ABIs.
  const byPlace = groupBy(seen, (s) => `${s.hole.after ?? ''}|${s.hole.before ?? ''}`);
  const taken = new Set(rec.layouts[0].layout.fields.map((f) => f.name));
  const out: Diagnostic[] = [];
  for (const group of byPlace.values()) {
    if ((++tick & MASK) === 0) yield;
    out.push(finding(ctx, rec, group, taken));
  }
  return out;
}

/** The members of one layout by name and by end offset, so finding the member a hole follows is not a
 *  walk over all members per hole (a struct of 30,000 holes: 14 s). */
class MemberIndex {
  private readonly byName = new Map<string | undefined, MemberLayout[]>();
  /** The last member (in order) ending at each offset. */
  private readonly byEnd = new Map<number, MemberLayout>();

  add(m: MemberLayout): void {
    const list = this.byName.get(m.name);
    if (list) list.push(m);
    else this.byName.set(m.name, [m]);
    this.byEnd.set(m.offset + (m.size ?? 0), m);
  }

  /** The last member named as the hole's `after` ending at or before it, else the last ending at it. */
  endingAt(hole: Hole): MemberLayout | undefined {
    // An anonymous member (no name) matches a hole with no `after`, as the filter this replaces did.
    const named = this.byName.get(hole.after);
    for (let i = (named?.length ?? 0) - 1; i >= 0; i--) {
      const m = named![i];
      if (m.offset + (m.size ?? 0) <= hole.offset) return m;
    }
    return this.byEnd.get(hole.offset);
  }
}

function finding(ctx: CheckContext, rec: CheckedRecord, group: SeenHole[], taken: Set<string>): Diagnostic {
  const first = group[0];
  const where = [...groupBy(group, (s) => `${s.hole.size}@${s.hole.offset}`).values()]
    .map(
      (g) => `${g[0].hole.size}-byte hole at offset ${g[0].hole.offset} on ${abiList(g.map((s) => s.abi))}`,
    )
    .join('; ');
  const after = first.hole.after ? ` after '${first.hole.after}'` : '';
  const before = first.hole.before ? ` (before '${first.hole.before}')` : '';
  const quiet = rec.layouts.map((l) => l.abi).filter((a) => !group.some((s) => s.abi === a));
  const note = quiet.length ? `; no hole on ${abiList(quiet)}` : '';
  const loc = first.prev?.loc ?? rec.layouts[0].layout.loc;
  const diag: Diagnostic = {
    code: uapiImplicitHole.id,
    severity: uapiImplicitHole.defaultSeverity,
    file: loc.file,
    range: loc.range,
    message: `${rec.display}: ${where}${after}${before}${note}; make it an explicit padding member`,
  };
  // Pad with the largest hole seen (the 64-bit ABIs' one), so every ABI ends up with the same offsets.
  const widest = group.reduce((a, b) => (b.hole.size > a.hole.size ? b : a));
  if (ctx.fixes !== false && first.prev && loc.file === rec.file) {
    const line = first.prev.loc.range.end.line;
    diag.fixes = [
      insertPadFix(
        ctx,
        loc.file,
        line + 1,
        first.prev.loc.range.start.line,
        widest.hole.size,
        widest.hole.offset,
        taken,
      ),
    ];
  }
  return diag;
}
