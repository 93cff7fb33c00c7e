// A compact markdown table of per-ABI values for hovers: ABIs with identical
// values share a row (reference ABI's row first), and cells that differ from
// the reference row are bold, so an i386 `28` next to `32` stands out.

export interface AbiRow {
  abi: string;
  cells: string[];
}

/** Rows grouped by identical cells, in first-seen order. */
export function groupRows(rows: readonly AbiRow[]): { abis: string[]; cells: string[] }[] {
  const groups = new Map<string, { abis: string[]; cells: string[] }>();
  for (const row of rows) {
    const key = JSON.stringify(row.cells);
    const g = groups.get(key);
    if (g) g.abis.push(row.abi);
    else groups.set(key, { abis: [row.abi], cells: row.cells });
  }
  return [...groups.values()];
}

/** `| ABI | h1 | h2 |` with one row per distinct set of values. */
export function abiTable(headers: readonly string[], rows: readonly AbiRow[]): string {
  const groups = groupRows(rows);
  if (groups.length === 0) return '';
  const ref = groups[0].cells;
  const lines = [`| ABI | ${headers.join(' | ')} |`, `|${' --- |'.repeat(headers.length + 1)}`];
  for (const [i, g] of groups.entries()) {
    const cells = g.cells.map((c, j) => (i > 0 && c !== ref[j] ? `**${c}**` : c));
    lines.push(`| ${g.abis.join(', ')} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Whether the rows hold more than one distinct set of values. */
export function rowsDiffer(rows: readonly AbiRow[]): boolean {
  return groupRows(rows).length > 1;
}
