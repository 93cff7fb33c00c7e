// The macros every run starts with (GNU keyword spellings, then an ABI's
// predefined macros), built once per predefined table instead of per run: the
// editor rebuilds 7 ABIs per keystroke and re-lexing ~400 bodies each time showed up.
// MacroDefs are never mutated (expansion copies body tokens), so sharing them is safe.

import { GNU_KEYWORD_MACROS } from './gnu-keywords';
import { macroFromText } from './macro-def';
import type { MacroDef } from './types';

const EMPTY: Record<string, string> = {};
let gnu: MacroDef[] | undefined;
interface TableEntry {
  entries: [string, string][];
  macros: MacroDef[];
  key: string;
}
const byTable = new WeakMap<Record<string, string>, TableEntry>();

/** The seed macros for a predefined table, in definition order (GNU keywords first). */
export function seedMacroDefs(predefined: Record<string, string> | undefined): MacroDef[] {
  return seedsOf(predefined).macros;
}

/** The seed macros and a stable string for the table (part of the include cache's configuration
 *  key), from one look at the table: reading and comparing its ~350 entries once per ABI, not twice. */
export function seedsOf(predefined: Record<string, string> | undefined): { macros: MacroDef[]; key: string } {
  gnu ??= Object.entries(GNU_KEYWORD_MACROS).map(([name, body]) => macroFromText(name, body));
  const e = tableEntry(predefined ?? EMPTY);
  return { macros: [...gnu, ...e.macros], key: e.key };
}

/** Memoized per table object, and rebuilt if the table was changed since (a cheap compare). */
function tableEntry(table: Record<string, string>): TableEntry {
  const entries: [string, string][] = Object.entries(table).map(([n, b]) => [n, String(b)]);
  let e = byTable.get(table);
  if (!e || !sameEntries(e.entries, entries)) {
    e = {
      entries,
      macros: entries.map(([name, body]) => sharedMacro(name, body)),
      key: JSON.stringify([...entries].sort()),
    };
    byTable.set(table, e);
  }
  return e;
}

/** One MacroDef per (name, body) for all tables: most of the ABIs' predefined macros are the same
 *  (the ABIs of one run were lexing each again), and the include cache's checks of an entry
 *  recorded on another ABI then compare them by identity. */
const byText = new Map<string, MacroDef>();

function sharedMacro(name: string, body: string): MacroDef {
  const key = `${name}\0${body}`;
  let m = byText.get(key);
  if (!m) byText.set(key, (m = macroFromText(name, body)));
  return m;
}

function sameEntries(a: [string, string][], b: [string, string][]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  return true;
}
