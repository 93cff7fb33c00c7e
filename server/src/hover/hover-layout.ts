// Hover text for types: a struct/union's layout on every ABI (size/align
// table, then the pahole-style multi-ABI view), a member's offset and size per
// ABI, and a typedef's size and alignment per ABI.

import {
  declaration,
  layoutContext,
  renderMultiAbi,
  type MemberLayout,
  type RecordLayout,
  type HeaderModel,
} from '../../../src/core/api/index';
import type { SourceLocation } from '../../../src/core/text/position';
import { abiTable, rowsDiffer, type AbiRow } from '../abi-table';
import { memberByLoc } from '../symbol-at';

function fence(text: string): string {
  return '```c\n' + text + '\n```';
}

function variantsOf(models: HeaderModel[], name: string): RecordLayout[] {
  return models.map((m) => m.record(name)).filter((l): l is RecordLayout => !!l);
}

/** Layout of a record on every ABI, or undefined when no ABI can lay it out. */
export function recordHover(models: HeaderModel[], name: string): string | undefined {
  const variants = variantsOf(models, name);
  const first = variants[0];
  if (!first) return undefined;
  const rows: AbiRow[] = variants.map((l) => ({
    abi: l.abi,
    cells: [String(l.size), String(l.align), holesCell(l)],
  }));
  const verdict = rowsDiffer(rows)
    ? 'layout differs between ABIs'
    : `same layout on all ${variants.length} ABIs`;
  return [
    `**${first.kind} ${first.name}** — ${verdict}`,
    abiTable(['size', 'align', 'holes / padding'], rows),
    fence(renderMultiAbi(variants)),
  ].join('\n\n');
}

function holesCell(l: RecordLayout): string {
  const holes = l.holes.reduce((sum, h) => sum + h.size, 0);
  const parts = [
    holes ? `${holes} in ${l.holes.length} hole${l.holes.length > 1 ? 's' : ''}` : '',
    l.trailingPadding ? `${l.trailingPadding} at end` : '',
  ];
  return parts.filter(Boolean).join(', ') || '—';
}

function memberCells(m: MemberLayout): string[] {
  const offset =
    m.bitOffset !== undefined ? `${m.offset} (bit ${m.bitOffset - m.offset * 8})` : String(m.offset);
  const size =
    m.bitSize !== undefined
      ? `${m.bitSize} bits in ${m.size}`
      : m.size === null
        ? 'flexible'
        : String(m.size);
  return [offset, size, String(m.align)];
}

/** Offset and size of one member on every ABI; `loc` identifies the declaration across ABIs. */
export function memberHover(
  models: HeaderModel[],
  record: string,
  name: string,
  loc: SourceLocation,
): string | undefined {
  const rows: AbiRow[] = [];
  let typeName = '';
  let recordKind = 'struct';
  for (const l of variantsOf(models, record)) {
    const m = memberByLoc(l.members, loc);
    if (!m) continue;
    typeName ||= m.typeName;
    recordKind = l.kind;
    rows.push({ abi: l.abi, cells: [...memberCells(m), `${l.size}`] });
  }
  if (rows.length === 0) return undefined;
  const verdict = rowsDiffer(rows) ? 'differs between ABIs' : `same on all ${rows.length} ABIs`;
  return [
    fence(`${typeName} ${name}; /* in ${recordKind} ${record} */`),
    `**${name}** — ${verdict}`,
    abiTable(['offset', 'size', 'align', `sizeof(${recordKind} ${record})`], rows),
  ].join('\n\n');
}

/** Size and alignment (as a struct member and as an object) of a typedef on every ABI. */
export function typedefHover(models: HeaderModel[], name: string): string | undefined {
  const td = models[0]?.typeEnv.typedef(name);
  if (!td) return undefined;
  const rows: AbiRow[] = models.map((model) => {
    const r = layoutContext(model.typeEnv, model.abi).typeInfo({ kind: 'typedef-ref', name });
    return {
      abi: model.abi.name,
      cells: r.ok ? [String(r.info.size), String(r.info.fieldAlign), String(r.info.align)] : ['?', '?', '?'],
    };
  });
  const d = declaration(td.type, name);
  const verdict = rowsDiffer(rows)
    ? 'size or alignment differs between ABIs'
    : `same on all ${rows.length} ABIs`;
  return [
    fence(`typedef ${d.type} ${d.declarator};`),
    `**${name}** — ${verdict}`,
    abiTable(['size', 'align in a struct', 'align alone'], rows),
  ].join('\n\n');
}
