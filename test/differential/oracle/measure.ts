// gcc's ground truth for one ABI: overlay, accepted headers, translation
// units, DWARF layouts and _Alignof values, cached in test/differential/.work
// under a key of compiler version, header contents and this code itself.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OracleAbi } from './abis';
import { recordsFromDwarf } from './dwarf-layouts';
import { baseFlags, checkHeaders, includeLines, partitionHeaders, type RejectedHeader } from './header-set';
import type { LayoutJson, TypeJson } from './layout-json';
import { buildOverlay, includeNameOf, listHeaders, overlayContentHash, type Overlay } from './overlay';
import { parseReadelf } from './readelf-dwarf';
import { stringifyCompact } from './report';
import { runTool, toolExists } from './run-tool';
import {
  ARRAY_SYMBOL,
  BITFIELD_TYPE_SIZES,
  MEMBER_ALIGN_SYMBOL,
  readAsmArray,
  sizeofAlignofSource,
} from './sizeof-alignof';

export const WORK_DIR = join(__dirname, '..', '.work');

export interface UnitOracle {
  /** Include names, in translation-unit order. */
  files: string[];
  /** Types to check against this unit: all of the first unit's; later units only add new or different ones. */
  types: Record<string, TypeJson>;
  /** Names in `types` that are typedefs of anonymous records (no `struct` keyword). */
  typedefNames: string[];
}

export interface AbiOracle {
  abi: string;
  compiler: string;
  overlay: Overlay;
  headers: { total: number; accepted: number; rejected: RejectedHeader[] };
  units: UnitOracle[];
  /** Every type, the first unit's definition winning: the per-ABI JSON. */
  json: LayoutJson;
  /** Types a later unit defines differently (checked in that unit only). */
  shadowed: string[];
  /** Names a tag and a typedef'd anonymous record share (the tag is kept). */
  collisions: string[];
  /** Oracle self-inconsistencies, e.g. sizeof disagreeing with DWARF. Must stay empty. */
  problems: string[];
  timingsMs: Record<string, number>;
  fromCache?: boolean;
}

/** Files whose change alters what the oracle measures (the cache key covers them). */
const MEASURING_CODE = [
  'abis.ts',
  'dwarf-layouts.ts',
  'header-set.ts',
  'layout-json.ts',
  'measure.ts',
  'overlay.ts',
  'readelf-dwarf.ts',
  'sizeof-alignof.ts',
];

export type MeasureResult = { oracle: AbiOracle } | { skip: string };

/** Measures (or loads from cache) gcc's layouts for `abi`. */
export async function measureAbi(abi: OracleAbi, workDir = WORK_DIR): Promise<MeasureResult> {
  const missing = await missingTools(abi);
  if (missing) return { skip: `${abi.name}: ${missing}; install Debian packages: ${abi.packages.join(' ')}` };
  const overlay = buildOverlay(workDir, abi);
  if (!overlay)
    return {
      skip: `${abi.name}: ${abi.asmDir} is missing; install Debian packages: ${abi.packages.join(' ')}`,
    };
  const compiler = await compilerIdentity(abi);
  const cacheFile = join(
    workDir,
    'cache',
    `${abi.name}-${cacheKey(abi, compiler, overlay).slice(0, 20)}.json`,
  );
  if (existsSync(cacheFile)) {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as AbiOracle;
    return { oracle: { ...cached, fromCache: true } };
  }
  const oracle = await measureFresh(abi, overlay, compiler, workDir);
  mkdirSync(join(workDir, 'cache'), { recursive: true });
  // Write then rename, so a concurrent reader never sees half a file.
  writeFileSync(`${cacheFile}.${process.pid}`, JSON.stringify(oracle));
  renameSync(`${cacheFile}.${process.pid}`, cacheFile);
  pruneOldCaches(abi.name, cacheFile);
  writeFileSync(join(workDir, `gcc-${abi.name}.json`), stringifyCompact(oracle.json));
  return { oracle };
}

/** Drops this ABI's cache files from earlier keys (compiler, headers or oracle code changed). */
function pruneOldCaches(abiName: string, keep: string): void {
  const dir = dirname(keep);
  for (const f of readdirSync(dir)) {
    if (f.startsWith(`${abiName}-`) && f.endsWith('.json') && join(dir, f) !== keep)
      rmSync(join(dir, f), { force: true });
  }
}

async function missingTools(abi: OracleAbi): Promise<string | undefined> {
  for (const tool of [abi.gcc, abi.readelf]) if (!(await toolExists(tool))) return `${tool} not found`;
  return undefined;
}

async function compilerIdentity(abi: OracleAbi): Promise<string> {
  const [v, m, r] = await Promise.all([
    runTool(abi.gcc, ['--version']),
    runTool(abi.gcc, ['-dumpmachine']),
    runTool(abi.readelf, ['--version']),
  ]);
  return [v.stdout.split('\n')[0], m.stdout.trim(), r.stdout.split('\n')[0]].join(' | ');
}

function cacheKey(abi: OracleAbi, compiler: string, overlay: Overlay): string {
  const h = createHash('sha256');
  h.update(`${abi.name}\0${compiler}\0${overlayContentHash(overlay)}\0`);
  // The oracle's own measuring code: changing how gcc is read invalidates the cache.
  for (const f of MEASURING_CODE) h.update(readFileSync(join(__dirname, f)));
  return h.digest('hex');
}

async function measureFresh(
  abi: OracleAbi,
  overlay: Overlay,
  compiler: string,
  workDir: string,
): Promise<AbiOracle> {
  const timingsMs: Record<string, number> = {};
  const time = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    timingsMs[label] = Math.round(performance.now() - t0);
    return r;
  };
  const tuDir = join(workDir, 'tu');
  const headers = listHeaders(overlay);
  const check = await time('headerChecks', () => checkHeaders(abi, overlay, headers));
  const groups = await time('partition', () => partitionHeaders(abi, overlay, check.accepted, tuDir));
  const problems: string[] = [];
  const collisions: string[] = [];
  const measured = await time('layouts', async () => {
    const out: MeasuredUnit[] = [];
    for (const [i, files] of groups.entries()) {
      const r = await measureUnit(abi, overlay, files, join(tuDir, `${abi.name}-unit-${i}`));
      problems.push(...r.problems.map((p) => `unit ${i}: ${p}`));
      collisions.push(...r.collisions);
      out.push({ files, types: r.types, typedefNamed: r.typedefNamed });
    }
    return out;
  });
  const { units, json, shadowed } = mergeUnits(abi.name, measured);
  return {
    abi: abi.name,
    compiler,
    overlay,
    headers: { total: headers.length, accepted: check.accepted.length, rejected: check.rejected },
    units,
    json,
    shadowed,
    collisions: [...new Set(collisions)],
    problems,
    timingsMs,
  };
}

export interface UnitMeasure {
  types: Record<string, TypeJson>;
  typedefNamed: Set<string>;
  collisions: string[];
  problems: string[];
}

interface MeasuredUnit {
  files: string[];
  types: Record<string, TypeJson>;
  typedefNamed: Set<string>;
}

/**
 * DWARF of one unit, then sizeof/_Alignof of every type it found. `base` is
 * the path prefix of the unit's scratch files; `debugFlags` picks the DWARF
 * flavor (the default is GCC 12's DWARF 5).
 */
export async function measureUnit(
  abi: OracleAbi,
  overlay: Overlay,
  files: string[],
  base: string,
  debugFlags = ['-g'],
): Promise<UnitMeasure> {
  const source = includeLines(files);
  mkdirSync(dirname(base), { recursive: true });
  writeFileSync(`${base}.c`, source);
  const cc = await runTool(abi.gcc, [
    ...baseFlags(overlay),
    ...debugFlags,
    '-fno-eliminate-unused-debug-types',
    '-c',
    `${base}.c`,
    '-o',
    `${base}.o`,
  ]);
  if (cc.code !== 0)
    return {
      types: {},
      typedefNamed: new Set(),
      collisions: [],
      problems: [`gcc -g failed: ${cc.stderr.slice(0, 500)}`],
    };
  const dump = await runTool(abi.readelf, ['--debug-dump=info', '--debug-dump=rawline', `${base}.o`]);
  const records = recordsFromDwarf(parseReadelf(dump.stdout), abi.endian, includeNameOf(overlay));
  const names = Object.keys(records.types);
  writeFileSync(`${base}-sizes.c`, source + sizeofAlignofSource(names, records.types, records.typedefNamed));
  const asm = await runTool(abi.gcc, [...baseFlags(overlay), '-S', `${base}-sizes.c`, '-o', '-']);
  const values = asm.code === 0 ? readAsmArray(asm.stdout, ARRAY_SYMBOL) : undefined;
  const problems: string[] = [];
  if (!values || values.length < names.length * 2) {
    problems.push(`sizeof/_Alignof compile failed: ${asm.stderr.slice(0, 500)}`);
    return {
      types: records.types,
      typedefNamed: records.typedefNamed,
      collisions: records.collisions,
      problems,
    };
  }
  names.forEach((n, i) => {
    const t = records.types[n];
    if (values[2 * i] !== t.size)
      problems.push(`${n}: sizeof ${values[2 * i]} but DWARF byte_size ${t.size}`);
    t.align = values[2 * i + 1];
  });
  const memberAlign = readAsmArray(asm.stdout, MEMBER_ALIGN_SYMBOL);
  if (!memberAlign || memberAlign.length !== BITFIELD_TYPE_SIZES.length)
    problems.push('member alignment array not found in the -S output');
  else
    placeBitfieldUnits(
      Object.values(records.types),
      new Map(BITFIELD_TYPE_SIZES.map((size, i) => [size, memberAlign[i]])),
    );
  return {
    types: records.types,
    typedefNamed: records.typedefNamed,
    collisions: records.collisions,
    problems,
  };
}

/**
 * A bitfield's `offset` is the start of its storage unit: bitOffset rounded
 * down to the declared type's alignment as a struct member on this ABI
 * (packing ignored). That is the type's size everywhere except i386's 4 for
 * 8-byte types, where gcc really uses 4-aligned 8-byte units.
 */
function placeBitfieldUnits(types: TypeJson[], memberAlign: Map<number, number>): void {
  for (const t of types) {
    for (const f of t.fields) {
      if (f.bitOffset === undefined || !f.size) continue;
      const unit = memberAlign.get(f.size) ?? f.size;
      f.offset = Math.floor(f.bitOffset / (8 * unit)) * unit;
    }
  }
}

function mergeUnits(abi: string, measured: MeasuredUnit[]) {
  const merged: Record<string, TypeJson> = {};
  const shadowed: string[] = [];
  const units: UnitOracle[] = measured.map((m, i) => {
    const types: Record<string, TypeJson> = {};
    for (const [name, t] of Object.entries(m.types)) {
      if (!(name in merged)) merged[name] = types[name] = t;
      else if (JSON.stringify(merged[name]) !== JSON.stringify(t)) {
        types[name] = t;
        shadowed.push(`${name} (unit ${i})`);
      }
    }
    return { files: m.files, types, typedefNames: Object.keys(types).filter((n) => m.typedefNamed.has(n)) };
  });
  return { units, json: { abi, types: merged }, shadowed };
}
