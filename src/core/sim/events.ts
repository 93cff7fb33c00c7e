// Firmware error events: whether and how often one is stored, following the
// kernel's event handler (section 4): early exits, PECs that are ignored,
// the permanent-failure and recovery paths, and the double store on abort.

import type { ErrorEvent } from './types';

/** PEC names as QEMU defines them (Linux does not name them). */
export const QEMU_PEC_NAMES: Record<number, string> = {
  0x1: 'INVALAS',
  0x2: 'OORANGE',
  0x3: 'INVALTF',
  0x4: 'TPROTE',
  0x5: 'APROTE',
  0x6: 'KEYE',
  0x7: 'INVALTE',
  0x8: 'INVALTL',
  0x9: 'TT',
  0xa: 'INVALMS',
  0xb: 'SERR',
  0x10: 'NOMSI',
  0x11: 'INVALBV',
  0x12: 'AIBV',
  0x13: 'AIRERR',
  0x2a: 'FMBA',
  0x2b: 'FMBUP',
  0x2c: 'FMBPRO',
  0x30: 'CCONF',
  0x3a: 'SERVAC',
  0x3b: 'PERMERR',
};

/** Linux's own comment for 0x40 (kept apart from QEMU's table on purpose). */
export const LINUX_PEC_COMMENTS: Record<number, string> = { 0x40: 'Service Action or Error Recovery Failed' };

export function pecLabel(pec: number): string {
  const hex = `0x${pec.toString(16).padStart(4, '0')}`;
  const qemu = QEMU_PEC_NAMES[pec];
  const linux = LINUX_PEC_COMMENTS[pec];
  return qemu ? `${hex} (QEMU: ${qemu})` : linux ? `${hex} (Linux: "${linux}")` : hex;
}

export type Routing =
  | { kind: 'dropped'; reason: string }
  | { kind: 'stored'; path: 'permanent-failure' | 'recovery' | 'recovery+abort'; stores: number };

/** Decides the route of an event for a zPCI device whose fid matched. */
export function routeEvent(event: ErrorEvent, pec: number, fh: bigint): Routing {
  if (pec >= 0x301 && pec <= 0x308)
    return { kind: 'dropped', reason: 'availability event (0x0301-0x0308): another path, never stored' };
  if (event.refreshFails)
    return { kind: 'dropped', reason: 'refreshing the function handle failed: not stored' };
  if (fh === 0n || event.staleHandle)
    return { kind: 'dropped', reason: `function handle ${fh === 0n ? 'is zero' : 'is stale'}: not stored` };
  if (event.noPciDev) return { kind: 'dropped', reason: 'no pci_dev for the function: not stored' };
  if (pec >= 0x2a && pec <= 0x2c)
    return { kind: 'dropped', reason: 'function measurement block error (0x2a-0x2c): ignored, not stored' };
  if (pec === 0x3b || pec === 0x40) return { kind: 'stored', path: 'permanent-failure', stores: 1 };
  if (event.abort) return { kind: 'stored', path: 'recovery+abort', stores: 2 };
  return { kind: 'stored', path: 'recovery', stores: 1 };
}
