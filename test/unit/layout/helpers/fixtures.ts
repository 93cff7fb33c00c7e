// Layout fixtures as data: a C header under test/fixtures/layout and, next to
// it, `<name>.expected.json` holding GCC's answer per ABI (grouped by equal
// layouts). KPW_UPDATE_EXPECTED=1 regenerates the expectations from gcc.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AbiSpec } from '../../../../src/core/abi/types';
import { ABIS } from '../../../../src/core/abi/index';
import { TypeEnv, layoutRecord } from '../../../../src/core/layout/index';
import type { PackPragma } from '../../../../src/core/layout/pragma-pack';
import { identityMap, parseUnit } from '../../../../src/core/parser/index';
import type { ProbeField, ProbeRequest, ProbeType } from './gcc-probe';

export const FIXTURE_DIR = join(__dirname, '../../../fixtures/layout');

export interface Fixture {
  name: string;
  path: string;
  text: string;
  abis: AbiSpec[];
  readonly env: TypeEnv;
  readonly requests: ProbeRequest[];
}

export interface ExpectedFile {
  groups: { abis: string[]; types: Record<string, ProbeType> }[];
}

export function listFixtures(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.h'))
    .sort();
}

/** Reads a fixture; its TypeEnv and type list are built on first use (after initParser()). */
export function loadFixture(file: string): Fixture {
  const path = join(FIXTURE_DIR, file);
  const text = readFileSync(path, 'utf8');
  const only = /\/\* abis: ([\w ]+) \*\//.exec(text)?.[1].trim().split(/\s+/);
  const abis = only ? ABIS.filter((a) => only.includes(a.name)) : [...ABIS];
  let env: TypeEnv | undefined;
  const fx: Fixture = {
    name: file.replace(/\.h$/, ''),
    path,
    text,
    abis,
    get env() {
      return (env ??= parseEnv(text, path));
    },
    get requests() {
      return requestsOf(fx.env);
    },
  };
  return fx;
}

function requestsOf(env: TypeEnv): ProbeRequest[] {
  const requests: ProbeRequest[] = [];
  for (const decl of env.allRecords()) {
    const key = env.recordName(decl);
    if (key) requests.push({ key, spelling: decl.name ? `${decl.kind} ${decl.name}` : key });
  }
  return requests;
}

/** A TypeEnv from C text without macros, through the real parser (call initParser() first for tree-sitter). */
export function parseEnv(text: string, path: string): TypeEnv {
  const parsed = parseUnit(text, identityMap(path, text));
  parsed.dispose();
  const syntax = parsed.ast.diagnostics.filter((d) => d.severity === 'error');
  if (syntax.length)
    throw new Error(`${path}: ${syntax.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('; ')}`);
  return new TypeEnv(parsed.ast, { pragmas: pragmasIn(text, path) });
}

/** `#pragma` lines of unpreprocessed text, as the preprocessor would record them. */
export function pragmasIn(text: string, path: string): PackPragma[] {
  const out: PackPragma[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /^\s*#\s*pragma\s+(.*)$/.exec(line);
    if (m)
      out.push({
        text: m[1].trim(),
        loc: {
          file: path,
          range: { start: { line: i, character: 0 }, end: { line: i, character: line.length } },
        },
      });
  });
  return out;
}

/** What our engine says, in the probe's shape (bitfields by bit position, others by byte offset). */
export function engineTypes(fx: Fixture, abi: AbiSpec): Record<string, ProbeType> {
  const out: Record<string, ProbeType> = {};
  for (const r of fx.requests) {
    const l = layoutRecord(fx.env, abi, r.key);
    if (!l) continue;
    const fields: ProbeField[] = l.fields.map((f) =>
      f.bitSize !== undefined
        ? { name: f.name, bitOffset: f.bitOffset, bitSize: f.bitSize }
        : { name: f.name, offset: f.offset },
    );
    out[r.key] = { size: l.size, align: l.align, fields };
  }
  return out;
}

export function expectedPath(fx: Fixture): string {
  return join(FIXTURE_DIR, `${fx.name}.expected.json`);
}

export function readExpected(fx: Fixture): ExpectedFile | undefined {
  try {
    return JSON.parse(readFileSync(expectedPath(fx), 'utf8')) as ExpectedFile;
  } catch {
    return undefined;
  }
}

/** The expected types of one ABI from the grouped file. */
export function expectedFor(file: ExpectedFile, abi: string): Record<string, ProbeType> | undefined {
  return file.groups.find((g) => g.abis.includes(abi))?.types;
}

/** Writes per-ABI results grouped by identical layouts, one field per line for reviewable diffs. */
export function writeExpected(fx: Fixture, perAbi: Map<string, Record<string, ProbeType>>): void {
  const groups: ExpectedFile['groups'] = [];
  for (const [abi, types] of perAbi) {
    const same = groups.find((g) => JSON.stringify(g.types) === JSON.stringify(types));
    if (same) same.abis.push(abi);
    else groups.push({ abis: [abi], types });
  }
  writeFileSync(expectedPath(fx), formatExpected({ groups }));
}

function formatExpected(file: ExpectedFile): string {
  const groups = file.groups.map((g) => {
    const types = Object.entries(g.types).map(([name, t]) => {
      const fields = t.fields.map((f) => `        ${JSON.stringify(f)}`).join(',\n');
      return `      ${JSON.stringify(name)}: {"size": ${t.size}, "align": ${t.align}, "fields": [\n${fields}\n      ]}`;
    });
    return `    {"abis": ${JSON.stringify(g.abis)}, "types": {\n${types.join(',\n')}\n    }}`;
  });
  return `{"groups": [\n${groups.join(',\n')}\n]}\n`;
}
