// pahole-style text of one laid-out record: one line per member with
// `/* offset size */`, bitfields as `/* offset:bit size */`, hole and
// cacheline markers, and pahole's summary comments at the end.

import type { MemberLayout, RecordLayout } from './types';
import { holesAfter, trailingBitPadding } from './holes';
import { pushAll } from '../text/push-all';

const CACHELINE = 64;

/** One output line; `key`/`value` let the multi-ABI view compare lines across ABIs. */
export interface PaholeLine {
  text: string;
  key?: string;
  value?: string;
}

export interface PaholeOptions {
  /** Add `/* align: N *\/` to the summary (the multi-ABI view shows alignment-only differences). */
  showAlign?: boolean;
}

/** The layout as pahole would print it. */
export function renderPahole(layout: RecordLayout): string {
  return paholeLines(layout)
    .map((l) => l.text)
    .join('\n');
}

export function paholeLines(layout: RecordLayout, opts: PaholeOptions = {}): PaholeLine[] {
  const w = widths(layout.members, 0);
  const out: PaholeLine[] = [{ text: `${layout.kind} ${layout.name} {` }];
  memberLines(layout.members, layout.kind, 1, w, out, '', true);
  out.push({ text: '' });
  pushAll(out, summary(layout, opts));
  out.push({ text: '};' });
  return out;
}

interface Widths {
  type: number;
  name: number;
}

/** Column widths so every comment lines up (pahole's 26/21 at least). */
function widths(members: MemberLayout[], depth: number): Widths {
  let type = 26;
  let name = 21;
  for (const m of members) {
    const d = declOf(m);
    type = Math.max(type, d.type.length + 8 * depth + 1);
    name = Math.max(name, d.declarator.length + 2);
    if (m.members) {
      const inner = widths(m.members, depth + 1);
      type = Math.max(type, inner.type);
      name = Math.max(name, inner.name);
    }
  }
  return { type, name };
}

function declOf(m: MemberLayout): { type: string; declarator: string } {
  const bits = m.bitSize !== undefined ? `:${m.bitSize}` : '';
  const name = m.name ?? '';
  const fn = /^(.*?) ?\((\**)\)(.*)$/.exec(m.typeName);
  if (fn) return { type: fn[1], declarator: `(${fn[2]}${name})${fn[3]}` };
  const arr = /^(.*?)((?:\[\d*\])+)$/.exec(m.typeName);
  if (arr) return { type: arr[1], declarator: `${name}${arr[2]}${bits}` };
  return { type: m.typeName, declarator: `${name}${bits}` };
}

function comment(m: MemberLayout): string {
  const size = m.size ?? 0;
  if (m.bitOffset !== undefined) {
    const bit = m.bitOffset - m.offset * 8;
    return `/* ${pad(m.offset, 5)}:${pad(bit, 2)} ${pad(size, 2)} */`;
  }
  return `/* ${pad(m.offset, 5)} ${pad(size, 5)} */`;
}

function memberLines(
  members: MemberLayout[],
  kind: 'struct' | 'union',
  depth: number,
  w: Widths,
  out: PaholeLine[],
  prefix: string,
  top: boolean,
): void {
  const holes = holesAfter(members, kind);
  const indent = '\t'.repeat(depth);
  let nextLine = CACHELINE;
  members.forEach((m, i) => {
    if (top && m.offset >= nextLine) {
      const line = Math.floor(m.offset / CACHELINE);
      const ago = m.offset - line * CACHELINE;
      out.push({
        text: `${indent}/* --- cacheline ${line} boundary (${line * CACHELINE} bytes)${ago ? ` was ${ago} bytes ago` : ''} --- */`,
      });
      nextLine = (line + 1) * CACHELINE;
    }
    const key = `${prefix}${m.name ?? `#${i}`}`;
    const value =
      m.bitOffset !== undefined
        ? `${m.offset}:${m.bitOffset - m.offset * 8} ${m.size}`
        : `${m.offset} ${m.size ?? 0}`;
    if (m.members) {
      out.push({ text: `${indent}${m.anonymousKind ?? 'struct'} {` });
      memberLines(m.members, m.anonymousKind ?? 'struct', depth + 1, w, out, `${key}.`, false);
      out.push({ text: columns(indent, '}', '', w, depth, comment(m), ';'), key, value });
    } else {
      const d = declOf(m);
      out.push({ text: columns(indent, d.type, d.declarator, w, depth, comment(m)), key, value });
    }
    for (const h of holes.get(m) ?? []) {
      const what = h.size
        ? `${h.size} byte${h.size === 1 ? '' : 's'} hole`
        : `${h.bits} bit${h.bits === 1 ? '' : 's'} hole`;
      out.push(
        { text: '' },
        { text: `${indent}/* XXX ${what}, try to pack */`, key: `hole:${key}`, value: what },
        { text: '' },
      );
    }
  });
}

function columns(
  indent: string,
  type: string,
  decl: string,
  w: Widths,
  depth: number,
  cmt: string,
  closer = '',
): string {
  const typeCol = Math.max(1, w.type - 8 * (depth - 1));
  const left = decl ? `${type.padEnd(typeCol)} ${decl};` : `${type}${closer}`;
  const target = w.type - 8 * (depth - 1) + 1 + w.name;
  return `${indent}${left.padEnd(target)} ${cmt}`;
}

function summary(layout: RecordLayout, opts: PaholeOptions): PaholeLine[] {
  const direct = layout.members;
  const bitBits = direct.reduce((acc, m) => acc + (m.bitSize ?? 0), 0);
  const sumMembers = direct.reduce((acc, m) => acc + (m.bitSize === undefined ? (m.size ?? 0) : 0), 0);
  const byteHoles = layout.holes.filter((h) => h.size > 0);
  const bitHoles = layout.holes.filter((h) => h.size === 0 && h.bits);
  const cachelines = Math.ceil(layout.size / CACHELINE);
  const out: PaholeLine[] = [];
  const c = (text: string, key?: string, value?: string): void => {
    out.push({ text: `\t/* ${text} */`, key, value });
  };
  if (layout.incomplete) c('incomplete: a member could not be laid out, see diagnostics');
  c(
    `size: ${layout.size}, cachelines: ${cachelines}, members: ${direct.length}`,
    '=size',
    String(layout.size),
  );
  if (byteHoles.length) {
    const sum = byteHoles.reduce((a, h) => a + h.size, 0);
    c(
      `sum members: ${sumMembers}, holes: ${byteHoles.length}, sum holes: ${sum}`,
      '=holes',
      `${byteHoles.length} ${sum}`,
    );
  }
  if (bitBits) c(`sum bitfield members: ${bitBits} bits (${Math.floor(bitBits / 8)} bytes)`);
  if (bitHoles.length) {
    const sum = bitHoles.reduce((a, h) => a + (h.bits ?? 0), 0);
    c(`bit holes: ${bitHoles.length}, sum bit holes: ${sum} bits`, '=bitholes', String(sum));
  }
  if (layout.trailingPadding)
    c(`padding: ${layout.trailingPadding}`, '=padding', String(layout.trailingPadding));
  const bitPad = layout.kind === 'struct' ? trailingBitPadding(direct) : 0;
  if (bitPad) c(`bit_padding: ${bitPad} bits`);
  if (opts.showAlign) c(`align: ${layout.align}`, '=align', String(layout.align));
  if (layout.size % CACHELINE) c(`last cacheline: ${layout.size % CACHELINE} bytes`);
  return out;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width);
}
