// The per-ABI summary table the oracle test prints: what gcc measured, what
// we reported, and how many types agree, disagree, are missing or are listed
// as known differences.

export interface AbiRow {
  abi: string;
  /** Why the ABI was not compared, if it was not. */
  skipped?: string;
  headersAccepted?: number;
  headersRejected?: number;
  units?: number;
  gccTypes?: number;
  reported?: number;
  agreeing?: number;
  disagreeing?: number;
  missing?: number;
  known?: number;
  oracleMs?: number;
  engineMs?: number;
  cached?: boolean;
}

const COLUMNS: [keyof AbiRow, string][] = [
  ['abi', 'ABI'],
  ['headersAccepted', 'headers'],
  ['headersRejected', 'rejected'],
  ['units', 'units'],
  ['gccTypes', 'gcc types'],
  ['reported', 'reported'],
  ['agreeing', 'agree'],
  ['disagreeing', 'disagree'],
  ['missing', 'missing'],
  ['known', 'known'],
  ['oracleMs', 'gcc ms'],
  ['engineMs', 'ours ms'],
];

export function formatTable(rows: AbiRow[]): string {
  const cells = rows.map((r) => COLUMNS.map(([key]) => cellText(r, key)));
  const widths = COLUMNS.map(([, title], i) => Math.max(title.length, ...cells.map((c) => c[i].length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  const out = [line(COLUMNS.map(([, title]) => title)), ...cells.map(line)];
  for (const r of rows) if (r.skipped) out.push(`${r.abi}: skipped: ${r.skipped}`);
  return out.join('\n');
}

function cellText(r: AbiRow, key: keyof AbiRow): string {
  const v = r[key];
  if (key === 'oracleMs' && r.cached) return `${v ?? '-'} (cached)`;
  return v === undefined ? '-' : String(v);
}

/** JSON with one line per field object: readable golden files and per-ABI dumps. */
export function stringifyCompact(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(
      /\{\n\s*("name": [^{}\[\]]*?)\n\s*\}/g,
      (_m, body: string) => `{ ${body.replace(/\n\s*/g, ' ')} }`,
    )
    .concat('\n');
}
