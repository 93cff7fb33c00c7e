// One type laid out on several ABIs, each distinct layout printed once under
// the ABIs sharing it; lines of later groups that differ from the first are
// marked `/* <-- differs: x86_64 16 8 */` with the first group's values.

import type { RecordLayout } from './types';
import { paholeLines, type PaholeLine } from './render-pahole';

/** Groups of ABIs whose layouts of the type are identical, in first-seen order. */
export function groupLayouts(variants: readonly RecordLayout[]): RecordLayout[][] {
  const groups = new Map<string, RecordLayout[]>();
  for (const v of variants) {
    const key = signature(v);
    const g = groups.get(key);
    if (g) g.push(v);
    else groups.set(key, [v]);
  }
  return [...groups.values()];
}

/** The multi-ABI text; a single distinct layout prints once with all ABI names. */
export function renderMultiAbi(variants: readonly RecordLayout[]): string {
  const groups = groupLayouts(variants);
  if (groups.length === 0) return '';
  const multi = groups.length > 1;
  const base = paholeLines(groups[0][0], { showAlign: multi });
  const baseValues = new Map(base.filter((l) => l.key).map((l) => [l.key!, l.value ?? '']));
  const refAbi = groups[0][0].abi;
  const blocks = groups.map((g, i) => {
    const lines = i === 0 ? base : paholeLines(g[0], { showAlign: multi });
    const body = i === 0 ? lines.map((l) => l.text) : lines.map((l) => marked(l, baseValues, refAbi));
    return [`/* ${g.map((l) => l.abi).join(', ')} */`, ...body].join('\n');
  });
  return blocks.join('\n\n');
}

function marked(line: PaholeLine, baseValues: Map<string, string>, refAbi: string): string {
  if (!line.key) return line.text;
  const ref = baseValues.get(line.key);
  if (ref === line.value) return line.text;
  const was = ref === undefined ? `not in ${refAbi}` : `${refAbi} ${ref}`;
  return `${line.text} /* <-- differs: ${was} */`;
}

/** What makes two layouts the same: size, alignment and every member's place and type. */
function signature(l: RecordLayout): string {
  return JSON.stringify([l.kind, l.name, l.size, l.align, l.incomplete ?? false, members(l.members)]);
}

function members(list: RecordLayout['members']): unknown[] {
  return list.map((m) => [
    m.name,
    m.typeName,
    m.offset,
    m.size,
    m.bitOffset,
    m.bitSize,
    m.members ? members(m.members) : 0,
  ]);
}
