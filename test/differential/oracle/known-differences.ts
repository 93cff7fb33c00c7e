// Loads test/differential/known-differences.json: the disagreements with gcc
// we accept for now, each with its reason. Malformed entries are reported as
// problems instead of being silently ignored.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DifferenceKind, KnownDifference } from './compare';

export const KNOWN_DIFFERENCES_FILE = join(__dirname, '..', 'known-differences.json');

const KINDS = new Set<DifferenceKind>([
  'missing',
  'kind',
  'size',
  'align',
  'file',
  'line',
  'field-missing',
  'field-extra',
  'field-order',
  'offset',
  'field-size',
  'bitOffset',
  'bitSize',
]);

export function loadKnownDifferences(file = KNOWN_DIFFERENCES_FILE): {
  entries: KnownDifference[];
  problems: string[];
} {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { entries: [], problems: [`${file}: ${String(e)}`] };
  }
  const list = Array.isArray(raw) ? raw : (raw as { differences?: unknown })?.differences;
  if (!Array.isArray(list)) return { entries: [], problems: [`${file}: expected {"differences": [...]}`] };
  const entries: KnownDifference[] = [];
  const problems: string[] = [];
  list.forEach((e: Partial<KnownDifference>, i) => {
    const ok =
      typeof e?.abi === 'string' &&
      typeof e.type === 'string' &&
      KINDS.has(e.what as DifferenceKind) &&
      typeof e.reason === 'string' &&
      e.reason.trim() !== '' &&
      (e.field === undefined || typeof e.field === 'string');
    if (ok) entries.push(e as KnownDifference);
    else
      problems.push(
        `${file}: entry ${i} needs abi, type, what (one of ${[...KINDS].join('|')}) and a reason: ${JSON.stringify(e)}`,
      );
  });
  return { entries, problems };
}
