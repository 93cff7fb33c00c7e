// Pure helpers behind the simulator's editor UI (no `vscode` import, so they
// are unit-tested): the PEC pick list, parsing what the user types, the tree
// rows of the session state, and one-line summaries of answers.

import { LINUX_PEC_COMMENTS, QEMU_PEC_NAMES } from '../core/api/index';
import type { SimAnswerView, SimStateResult } from '../protocol/sim';

export interface PecChoice {
  pec: number;
  label: string;
  description: string;
}

/** QEMU's names as the reference keeps them, Linux's 0x40, and an availability event (never stored). */
export function pecChoices(): PecChoice[] {
  const hex = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
  const out: PecChoice[] = Object.entries(QEMU_PEC_NAMES).map(([k, name]) => ({
    pec: Number(k),
    label: `${hex(Number(k))} ${name}`,
    description: 'QEMU name',
  }));
  for (const [k, text] of Object.entries(LINUX_PEC_COMMENTS))
    out.push({ pec: Number(k), label: `${hex(Number(k))}`, description: `Linux: ${text}` });
  out.push({
    pec: 0x301,
    label: `${hex(0x301)}`,
    description: 'availability event: takes another path, never stored',
  });
  return out.sort((a, b) => a.pec - b.pec);
}

/** A non-negative integer typed as decimal or 0x hex. */
export function parseUint(text: string): number | undefined {
  const t = text.trim();
  if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** `faddr=0x1000 q=1, fid=2` -> fields; values stay strings so u64 addresses keep every bit. */
export function parseFieldAssignments(text: string): { fields: Record<string, string> } | { error: string } {
  const fields: Record<string, string> = {};
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^([a-z_][a-z0-9_]*)=(0x[0-9a-f]{1,16}|[0-9]{1,20})$/i.exec(part);
    if (!m) return { error: `'${part}' is not name=value (value decimal or 0x hex)` };
    fields[m[1]] = m[2];
  }
  return { fields };
}

export interface TreeRow {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** device, queue entry, header or warning: picks the icon and context menu. */
  kind: 'header' | 'device' | 'entry' | 'warning';
  device?: string;
  children: TreeRow[];
}

/** The Simulator view: the header in use, then each device with its queue. */
export function stateToTree(state: SimStateResult): TreeRow[] {
  const rows: TreeRow[] = [];
  if (state.header) {
    const h = state.header;
    rows.push({
      id: 'header',
      kind: 'header',
      label: `uAPI ${h.generation}`,
      description: `${h.source}: ${h.file}`,
      tooltip: `struct vfio_device_feature_zpci_err is ${h.structSize} bytes on s390x`,
      children: [],
    });
  }
  for (const w of state.warnings) rows.push({ id: `warning:${w}`, kind: 'warning', label: w, children: [] });
  for (const d of state.devices) {
    const entries: TreeRow[] = d.queue.map((e) => ({
      id: `${d.name}:${e.index}:${e.bytes}`,
      kind: 'entry',
      device: d.name,
      label: `#${e.index} PEC ${hexField(e.fields.pec)}`,
      description: `fid ${hexField(e.fields.fid)} fh ${hexField(e.fields.fh)} faddr ${hexField(e.fields.faddr)}`,
      tooltip: `${e.bytes}\n${Object.entries(e.fields)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')}`,
      children: [],
    }));
    const mediated = d.zpci ? `mediated ${d.mediated ? 'on' : 'off'}` : 'not zPCI';
    rows.push({
      id: `device:${d.name}`,
      kind: 'device',
      device: d.name,
      label: d.name,
      description: `${mediated}, open ${d.openCount}, ${d.queue.length} pending`,
      tooltip: `${d.address} fid 0x${d.fid.toString(16)} fh 0x${d.fh.toString(16)} (${d.driver})`,
      children: entries,
    });
  }
  return rows;
}

function hexField(v: number | string | undefined): string {
  return typeof v === 'number' ? `0x${v.toString(16)}` : (v ?? '?');
}

/** `#4 GET|ZPCI_ERROR argsz 16 on zpci0 → rc -1 ENOMSG (step 9: queue empty)`. */
export function answerSummary(a: SimAnswerView): string {
  const rc = a.errno ? `rc ${a.rc} ${a.errno}` : `rc ${a.rc}`;
  return `#${a.seq} ${a.request} → ${rc} (${a.decidedBy})`;
}

/** What a notification says after a read: how many events came back and how it ended. */
export function readSummary(answers: SimAnswerView[]): string {
  const events = answers.filter((a) => a.rc === 0 && a.bytes).length;
  const last = answers[answers.length - 1];
  const end = last ? (last.errno ? `then ${last.errno}` : 'queue empty') : 'no answer';
  return `KPW Simulator: ${events} event${events === 1 ? '' : 's'} read, ${end}.`;
}
