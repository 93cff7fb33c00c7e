// textDocument/inlayHint: pahole-style `/* offset size */` after each member
// of the structs and unions a header defines, `/* XXX n bytes hole */` after
// a member followed by a gap, and the size (and end padding) after `}`.
// Values are those of one chosen ABI; other ABIs that disagree are named.

import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver/node';
import type { InlayHintMode } from '../../src/core/config/settings';
import { holesAfter, type MemberLayout, type RecordLayout, type HeaderModel } from '../../src/core/api/index';
import type { DocumentState } from './document-models';

export interface InlayOptions {
  mode: InlayHintMode;
  abi: string;
}

/** `line:character` of a declaration: the same on every ABI, so it keys members across ABIs. */
type LocKey = string;

function locKey(m: { loc: { range: { start: { line: number; character: number } } } }): LocKey {
  return `${m.loc.range.start.line}:${m.loc.range.start.character}`;
}

function place(m: MemberLayout, mode: InlayHintMode): string {
  const offset = m.bitOffset !== undefined ? `${m.offset}:${m.bitOffset - m.offset * 8}` : `${m.offset}`;
  return mode === 'offsets' ? offset : `${offset} ${m.size ?? 0}`;
}

function walk(members: MemberLayout[], visit: (m: MemberLayout) => void): void {
  for (const m of members) {
    visit(m);
    if (m.members) walk(m.members, visit);
  }
}

function overlaps(range: Range, line: number): boolean {
  return line >= range.start.line && line <= range.end.line;
}

export function inlayHints(state: DocumentState, range: Range, opts: InlayOptions): InlayHint[] {
  if (opts.mode === 'off') return [];
  const chosen = state.models.find((m) => m.abi.name === opts.abi) ?? state.models[0];
  if (!chosen) return [];
  const others = state.models.filter((m) => m !== chosen);
  const hints: InlayHint[] = [];
  for (const record of chosen.mainRecords()) {
    const { start, end } = record.loc.range;
    if (record.loc.file !== state.path || end.line < range.start.line || start.line > range.end.line)
      continue;
    recordHints(record, others, opts.mode, range, hints);
  }
  return hints;
}

function recordHints(
  record: RecordLayout,
  others: HeaderModel[],
  mode: InlayHintMode,
  range: Range,
  out: InlayHint[],
): void {
  const elsewhere = otherPlaces(record.name, others, mode);
  const addMembers = (members: MemberLayout[], kind: 'struct' | 'union'): void => {
    const holes = holesAfter(members, kind);
    for (const m of members) {
      if (m.members) addMembers(m.members, m.anonymousKind ?? 'struct');
      const at = m.loc.range.end;
      if (m.loc.file !== record.loc.file || !overlaps(range, at.line)) continue;
      const mine = place(m, mode);
      const diff = (elsewhere.get(locKey(m)) ?? []).filter((d) => d.value !== mine);
      const extra = diff.length ? ` ≠ ${diff.map((d) => `${d.abi}: ${d.value}`).join(', ')}` : '';
      out.push(
        hint(at, `/* ${mine}${extra} */`, `${record.abi}: offset ${m.offset}, size ${m.size ?? 'flexible'}`),
      );
      if (mode === 'offsets-and-sizes') {
        for (const h of holes.get(m) ?? []) out.push(hint(at, `/* XXX ${holeSize(h.size, h.bits)} hole */`));
      }
    }
  };
  addMembers(record.members, record.kind);
  const close = record.loc.range.end;
  if (mode === 'offsets-and-sizes' && overlaps(range, close.line)) {
    const pad = record.trailingPadding ? `, padding: ${record.trailingPadding}` : '';
    const sizes = others.map((m) => m.record(record.name)).filter((l) => l && l.size !== record.size);
    const extra = sizes.length ? ` ≠ ${sizes.map((l) => `${l!.abi}: ${l!.size}`).join(', ')}` : '';
    out.push(
      hint(
        close,
        `/* size: ${record.size}${pad}${extra} */`,
        `${record.abi}: sizeof ${record.size}, align ${record.align}`,
      ),
    );
  }
}

function otherPlaces(
  name: string,
  others: HeaderModel[],
  mode: InlayHintMode,
): Map<LocKey, { abi: string; value: string }[]> {
  const out = new Map<LocKey, { abi: string; value: string }[]>();
  for (const model of others) {
    const layout = model.record(name);
    if (!layout) continue;
    walk(layout.members, (m) => {
      const list = out.get(locKey(m)) ?? [];
      list.push({ abi: layout.abi, value: place(m, mode) });
      out.set(locKey(m), list);
    });
  }
  return out;
}

function holeSize(bytes: number, bits = 0): string {
  return bytes ? `${bytes} byte${bytes === 1 ? '' : 's'}` : `${bits} bit${bits === 1 ? '' : 's'}`;
}

function hint(position: { line: number; character: number }, label: string, tooltip?: string): InlayHint {
  const h: InlayHint = { position: { ...position }, label, kind: InlayHintKind.Type, paddingLeft: true };
  if (tooltip) h.tooltip = tooltip;
  return h;
}
