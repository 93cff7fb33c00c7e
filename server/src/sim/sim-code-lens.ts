// Code lenses on `struct vfio_device_feature_zpci_err` and on the
// VFIO_DEVICE_FEATURE_ZPCI_ERROR define: the session's last answer, or an
// offer to read when nothing was asked yet. Text scan only: cheap per keystroke.

import type { CodeLens } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SIM_COMMANDS, type SimAnswerView } from '../../../src/protocol/sim';

const STRUCT_LINE = /^\s*struct\s+vfio_device_feature_zpci_err\s*\{/;
const DEFINE_LINE = /^\s*#\s*define\s+VFIO_DEVICE_FEATURE_ZPCI_ERROR\b/;
const MAX_SCAN_CHARS = 4 * 1024 * 1024;

export function simCodeLenses(doc: TextDocument, last: SimAnswerView | undefined): CodeLens[] {
  const text = doc.getText();
  if (
    text.length > MAX_SCAN_CHARS ||
    (!text.includes('ZPCI_ERROR') && !text.includes('vfio_device_feature_zpci_err'))
  )
    return [];
  const lenses: CodeLens[] = [];
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const kind = STRUCT_LINE.test(lines[line])
      ? 'struct'
      : DEFINE_LINE.test(lines[line])
        ? 'define'
        : undefined;
    if (!kind) continue;
    const range = { start: { line, character: 0 }, end: { line, character: lines[line].length } };
    lenses.push({ range, command: lensCommand(kind, last) });
  }
  return lenses;
}

function lensCommand(kind: 'struct' | 'define', last: SimAnswerView | undefined) {
  if (!last)
    return { title: 'Simulator: no answer yet · Read ZPCI_ERROR', command: SIM_COMMANDS.read, arguments: [] };
  return { title: lensTitle(kind, last), command: SIM_COMMANDS.showResults, arguments: [last.seq] };
}

/** `Simulator #3: rc 0, 32 bytes 00000000…` on the struct; the deciding check on the define. */
export function lensTitle(kind: 'struct' | 'define', a: SimAnswerView): string {
  const rc = a.errno ? `rc ${a.rc} ${a.errno}` : `rc ${a.rc}`;
  if (kind === 'define') return `Simulator #${a.seq}: ${a.request} → ${rc} (${a.decidedBy})`;
  const bytes = a.bytes
    ? `, ${a.bytes.length / 2} bytes ${a.bytes.length > 48 ? `${a.bytes.slice(0, 48)}…` : a.bytes}`
    : ', no bytes';
  const pec = a.fields.pec !== undefined ? `, pec ${formatPec(a.fields.pec)}` : '';
  return `Simulator #${a.seq}: ${rc}${bytes}${pec}`;
}

function formatPec(v: number | string | boolean): string {
  return typeof v === 'number' ? `0x${v.toString(16)}` : String(v);
}
