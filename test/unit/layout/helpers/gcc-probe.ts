// Ground truth from the real compiler: compiles a C snippet with an ABI's
// cross gcc, reads sizeof/_Alignof from the assembler output (-S) and member
// offsets and bit positions from DWARF (-g -c + readelf). Never runs target code.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { AbiSpec } from '../../../../src/core/abi/types';
import { gccFor, readelfFor } from '../../abi/helpers/toolchain';

export interface ProbeField {
  name: string;
  /** Byte offset (non-bitfields only). */
  offset?: number;
  bitOffset?: number;
  bitSize?: number;
}

export interface ProbeType {
  size: number;
  align: number;
  fields: ProbeField[];
}

export type ProbeResult = { ok: true; types: Record<string, ProbeType> } | { ok: false; error: string };

/** A type to measure: the key it is reported under and how C spells it (`struct foo`, `foo_t`). */
export interface ProbeRequest {
  key: string;
  spelling: string;
}

/** Measures the types with the ABI's gcc; undefined when the compiler or readelf is missing. */
export function probeTypes(abi: AbiSpec, source: string, requests: ProbeRequest[]): ProbeResult | undefined {
  const gcc = gccFor(abi);
  const readelf = readelfFor(abi);
  if (!gcc || !readelf) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'kpw-probe-'));
  try {
    const file = join(dir, 'probe.c');
    writeFileSync(file, probeSource(source, requests));
    const consts = constants(gcc, file, requests.length * 2);
    if (!consts.ok) return consts;
    const dwarf = dwarfMembers(gcc, readelf, file, dir, requests.length);
    if (!dwarf.ok) return dwarf;
    const types: Record<string, ProbeType> = {};
    requests.forEach((r, i) => {
      types[r.key] = { size: consts.values[2 * i], align: consts.values[2 * i + 1], fields: dwarf.fields[i] };
    });
    return { ok: true, types };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Evaluates integer constant expressions (sizeof, offsetof, ...) with the ABI's gcc. */
export function probeConstants(abi: AbiSpec, source: string, exprs: string[]): number[] | string | undefined {
  const gcc = gccFor(abi);
  if (!gcc) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'kpw-probe-'));
  try {
    const file = join(dir, 'probe.c');
    writeFileSync(
      file,
      `${source}\nconst unsigned int __kpw_probe[] = { ${exprs.map((e) => `(unsigned int)(${e})`).join(', ')} };\n`,
    );
    const r = constants(gcc, file, exprs.length);
    return r.ok ? r.values : r.error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function probeSource(source: string, requests: ProbeRequest[]): string {
  const values = requests.flatMap((r) => [`sizeof(${r.spelling})`, `_Alignof(${r.spelling})`]);
  const uses = requests.map((r, i) => `${r.spelling} *__kpw_use_${i};`);
  return `${source}\nconst unsigned int __kpw_probe[] = { ${values.join(', ')} };\n${uses.join('\n')}\n`;
}

function constants(
  gcc: string,
  file: string,
  count: number,
): { ok: true; values: number[] } | { ok: false; error: string } {
  const r = spawnSync(gcc, ['-S', '-O0', '-w', '-o', '-', file], { encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, error: `${gcc} -S failed:\n${r.stderr}` };
  const lines = r.stdout.split('\n');
  const start = lines.findIndex((l) => /^__kpw_probe:/.test(l.trim()));
  if (start < 0) return { ok: false, error: 'no __kpw_probe in assembler output' };
  const values: number[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*\.(long|word|4byte|int|zero|space)\s+(\S+)/.exec(line);
    if (!m) break;
    if (m[1] === 'zero' || m[1] === 'space') for (let k = 0; k < Number(m[2]) / 4; k++) values.push(0);
    else values.push(Number(m[2]) >>> 0);
  }
  if (values.length < count)
    return { ok: false, error: `expected ${count} constants, read ${values.length}` };
  return { ok: true, values: values.slice(0, count) };
}

interface Die {
  tag: string;
  attrs: Map<string, string>;
  children: Die[];
}

function dwarfMembers(
  gcc: string,
  readelf: string,
  file: string,
  dir: string,
  count: number,
): { ok: true; fields: ProbeField[][] } | { ok: false; error: string } {
  const obj = join(dir, 'probe.o');
  const c = spawnSync(gcc, ['-g', '-c', '-O0', '-w', '-o', obj, file], { encoding: 'utf8' });
  if (c.status !== 0) return { ok: false, error: `${gcc} -g -c failed:\n${c.stderr}` };
  const r = spawnSync(readelf, ['--debug-dump=info', obj], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) return { ok: false, error: `readelf failed:\n${r.stderr}` };
  const dies = parseDies(r.stdout);
  const fields: ProbeField[][] = [];
  for (let i = 0; i < count; i++) {
    const v = [...dies.values()].find(
      (d) => d.tag === 'DW_TAG_variable' && d.attrs.get('DW_AT_name') === `__kpw_use_${i}`,
    );
    const ptr = v && refOf(dies, v);
    const rec = ptr && recordOf(dies, refOf(dies, ptr));
    if (!rec) return { ok: false, error: `no DWARF record for probe ${i}` };
    fields.push(flatten(dies, rec, 0));
  }
  return { ok: true, fields };
}

function parseDies(text: string): Map<number, Die> {
  const dies = new Map<number, Die>();
  const stack: Die[] = [];
  let cur: Die | undefined;
  for (const line of text.split('\n')) {
    const head = /^\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: (\d+)(?: \((\w+)\))?/.exec(line);
    if (head) {
      const depth = Number(head[1]);
      stack.length = depth;
      if (head[3] === '0') {
        cur = undefined;
        continue;
      }
      cur = { tag: head[4] ?? '', attrs: new Map(), children: [] };
      dies.set(parseInt(head[2], 16), cur);
      if (depth > 0) stack[depth - 1]?.children.push(cur);
      stack[depth] = cur;
      continue;
    }
    const attr = /^\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s*(.*)$/.exec(line);
    if (attr && cur) {
      const v = attr[2].replace(/^\((?:indirect|indexed) (?:line )?string[^)]*\):\s*/, '').trim();
      cur.attrs.set(attr[1], v);
    }
  }
  return dies;
}

function refOf(dies: Map<number, Die>, d: Die | undefined): Die | undefined {
  const t = d?.attrs.get('DW_AT_type');
  const m = t && /<0x([0-9a-f]+)>/.exec(t);
  return m ? dies.get(parseInt(m[1], 16)) : undefined;
}

/** Follows typedefs and qualifiers to a struct or union DIE. */
function recordOf(dies: Map<number, Die>, d: Die | undefined): Die | undefined {
  for (let k = 0; d && k < 32; k++) {
    if (d.tag === 'DW_TAG_structure_type' || d.tag === 'DW_TAG_union_type') return d;
    if (!['DW_TAG_typedef', 'DW_TAG_const_type', 'DW_TAG_volatile_type'].includes(d.tag)) return undefined;
    d = refOf(dies, d);
  }
  return undefined;
}

function flatten(dies: Map<number, Die>, rec: Die, base: number): ProbeField[] {
  const out: ProbeField[] = [];
  for (const m of rec.children) {
    if (m.tag !== 'DW_TAG_member') continue;
    const off = Number(m.attrs.get('DW_AT_data_member_location') ?? 0);
    const name = m.attrs.get('DW_AT_name');
    if (!name) {
      const inner = recordOf(dies, refOf(dies, m));
      if (inner) out.push(...flatten(dies, inner, base + off));
      continue;
    }
    if (m.attrs.has('DW_AT_bit_size')) {
      // gcc writes data_member_location instead of data_bit_offset for a bitfield filling a whole aligned unit.
      const bit = m.attrs.get('DW_AT_data_bit_offset');
      const bitOffset = bit !== undefined ? Number(bit) : off * 8;
      out.push({ name, bitOffset: base * 8 + bitOffset, bitSize: Number(m.attrs.get('DW_AT_bit_size')) });
    } else out.push({ name, offset: base + off });
  }
  return out;
}
