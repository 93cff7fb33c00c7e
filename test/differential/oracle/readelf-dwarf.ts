// Reads `readelf --debug-dump=info,rawline` text into a tree of DIEs and the
// DWARF line table's file names: just enough of DWARF for struct layouts.
// Handles the DWARF 5 output of GCC 12 and the DWARF 2-4 forms of older tools.

export interface Die {
  offset: number;
  tag: string;
  attrs: Map<string, string>;
  children: Die[];
}

export interface DwarfDump {
  roots: Die[];
  byOffset: Map<number, Die>;
  /** Line table file index -> path as gcc spelled it (dir + name). */
  files: Map<number, string>;
}

const DIE_RE = /^\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: (\d+)(?: \((DW_TAG_\w+)\))?/;
const ATTR_RE = /^\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*: ?(.*)$/;

export function parseReadelf(text: string): DwarfDump {
  const infoStart = text.indexOf('Contents of the .debug_info section');
  const info = infoStart >= 0 ? text.slice(infoStart) : text;
  const { roots, byOffset } = parseInfo(info);
  return { roots, byOffset, files: parseFileTable(text, compDir(roots)) };
}

function parseInfo(text: string): { roots: Die[]; byOffset: Map<number, Die> } {
  const roots: Die[] = [];
  const byOffset = new Map<number, Die>();
  const stack: Die[] = [];
  let current: Die | undefined;
  for (const line of text.split('\n')) {
    const d = DIE_RE.exec(line);
    if (d) {
      const depth = Number(d[1]);
      stack.length = Math.min(stack.length, depth);
      current = undefined;
      if (!d[4]) continue; // abbrev 0: end of a sibling list
      const die: Die = { offset: parseInt(d[2], 16), tag: d[4], attrs: new Map(), children: [] };
      byOffset.set(die.offset, die);
      (depth === 0 ? roots : (stack[depth - 1]?.children ?? roots)).push(die);
      stack[depth] = die;
      current = die;
      continue;
    }
    const a = current && ATTR_RE.exec(line);
    if (a && current) current.attrs.set(a[1], a[2].trim());
  }
  return { roots, byOffset };
}

function compDir(roots: Die[]): string {
  const cu = roots.find((r) => r.tag === 'DW_TAG_compile_unit');
  return cu ? stringValue(cu.attrs.get('DW_AT_comp_dir') ?? '') : '';
}

/** Directory and file name tables of the (first) line program header. */
function parseFileTable(text: string, compDirPath: string): Map<number, string> {
  const dirs = new Map<number, string>();
  const files = new Map<number, string>();
  let section: 'none' | 'dirs' | 'files' = 'none';
  let version = 5;
  for (const line of text.split('\n')) {
    const v = /^\s*DWARF Version:\s+(\d+)/.exec(line);
    if (v) {
      if (dirs.size || files.size) break; // only the first unit
      version = Number(v[1]);
    }
    if (/The Directory Table/.test(line)) section = 'dirs';
    else if (/The File Name Table/.test(line)) section = 'files';
    else if (line.trim() === '' || /^\s*(Line Number Statements|No Line Number|\[0x)/.test(line)) {
      if (section === 'files') section = 'none';
    } else if (section === 'dirs' || section === 'files') {
      // Tab-separated: `entry [dir [time size]] name`; the name is last.
      const cols = line.trim().split('\t');
      if (!/^\d+$/.test(cols[0]) || cols.length < 2) continue;
      const name = stringValue(cols[cols.length - 1]);
      if (section === 'dirs') dirs.set(Number(cols[0]), name);
      else
        files.set(
          Number(cols[0]),
          joinDir(dirs.get(Number(cols[1])) ?? (version < 5 ? compDirPath : ''), name),
        );
    }
  }
  return files;
}

function joinDir(dir: string, name: string): string {
  if (name.startsWith('/') || dir === '') return name;
  return `${dir.replace(/\/$/, '')}/${name}`;
}

/** `(indirect string, offset: 0x4d): text` -> `text`. */
export function stringValue(raw: string): string {
  return raw.replace(/^\((?:indirect|indexed)[^)]*\):\s*/, '').trim();
}

/** Constant attribute value: decimal, hex, or a DW_OP_plus_uconst location block. */
export function numberValue(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const op = /DW_OP_plus_uconst: (\d+)/.exec(raw);
  if (op) return Number(op[1]);
  const m = /^(0x[0-9a-f]+|-?\d+)/i.exec(raw.trim());
  return m ? Number(m[1]) : undefined;
}

/** `<0x38>` -> 0x38. */
export function refValue(raw: string | undefined): number | undefined {
  const m = raw ? /<0x([0-9a-f]+)>/.exec(raw) : null;
  return m ? parseInt(m[1], 16) : undefined;
}
