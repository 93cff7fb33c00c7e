// Fuzz target: C headers through the whole pipeline the editor and `kpw check`
// run: preprocessor, tree-sitter parser, header model, layout engine on one of
// the 7 ABIs (chosen by the input's hash), renderers, #define values, checks.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ABIS } from '../../../src/core/abi/index';
import { runChecks } from '../../../src/core/checks/run';
import { toLayoutJson } from '../../../src/core/layout/json';
import { renderPahole } from '../../../src/core/layout/render-pahole';
import { buildHeaderModel } from '../../../src/core/model/header-model';
import { initParser } from '../../../src/core/parser/tree-sitter/tree-sitter';
import type { FileHost } from '../../../src/core/host/types';
import { CAUGHT_CRASH, checkDiagnostics } from '../invariants/diagnostics';
import { checkRecordLayout } from '../invariants/layout';
import { FIXTURES, SHARED_FIXTURES, SYSTEM_LINUX_HEADERS, filesUnder, readAll, sample } from './seeds';
import { inputHash, invariant, type FuzzTarget } from './types';
import { enumShapes, macroArgShapes, skipShapes } from '../gen/single-step-shapes';
import { unterminatedShapes } from '../gen/unterminated-args';

/** The input is this file; it sits in a kernel-tree-like path so UAPI checks apply. */
export const INPUT_FILE = '/kpw-fuzz/include/uapi/linux/fuzz-input.h';

export const C_DICTIONARY = [
  'struct ',
  'union ',
  'enum ',
  'typedef ',
  '#define ',
  '#define XCAT(a,b) a##b\n',
  'XCAT(',
  '_Pragma(',
  '#include <linux/types.h>\n',
  '#include "fuzz-input.h"\n',
  '#if ',
  '#ifdef ',
  '#ifndef ',
  '#elif ',
  '#else\n',
  '#endif\n',
  '#undef ',
  '#pragma pack(1)\n',
  '#pragma pack(push, 2)\n',
  '#pragma pack(pop)\n',
  '#error x\n',
  '#line 7\n',
  '__attribute__((packed))',
  '__attribute__((aligned(8)))',
  '__attribute__((aligned))',
  '__aligned_u64 ',
  '__u8 ',
  '__u16 ',
  '__u32 ',
  '__u64 ',
  '__s32 ',
  'char ',
  'short ',
  'int ',
  'long ',
  'long long ',
  'unsigned ',
  'signed ',
  'double ',
  'long double ',
  '_Bool ',
  'void *',
  'const ',
  'volatile ',
  '__int128 ',
  '_Alignas(16) ',
  'sizeof(',
  '_Alignof(',
  'offsetof(struct a, b)',
  '__builtin_offsetof(',
  ' : 3;',
  ' : 0;',
  ' :65;',
  '[0]',
  '[]',
  '[-1]',
  '[1 << 31]',
  '[4096]',
  '{',
  '}',
  ';',
  '(',
  ')',
  ',',
  '...',
  '##',
  '#x',
  '__VA_ARGS__',
  'defined(',
  '_IOW(',
  '_IOR(',
  '_IOWR(',
  '_IO(',
  'VFIO_BASE',
  '__KERNEL__',
  '__s390x__',
  '__x86_64__',
  '__BIG_ENDIAN',
  '/*',
  '*/',
  '//',
  '\\\n',
  '"',
  "'",
  '0x',
  'ULL',
  'u',
  '1ULL << 63',
  '-2147483648',
  '18446744073709551615',
  // The shapes that were single steps (issue 15): groups skipped by the parser, chained enums, argument lists.
  '__typeof__(struct { ',
  'typeof(',
  '_Static_assert(sizeof(struct { ',
  'int f(struct { int a; } *p, ',
  'static inline int g(void) { ',
  ' = E0 + 1,',
  '#define FIRST(a, ...) a\n',
  'FIRST(4, ',
];

const REAL_FILES = new Map<string, string | undefined>();
/** Real files (installed headers) are read once: the fuzzer must not spend its time on disk. */
function readReal(path: string): string | undefined {
  if (!REAL_FILES.has(path)) {
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      text = undefined;
    }
    REAL_FILES.set(path, text);
  }
  return REAL_FILES.get(path);
}

/** The input as a virtual file; everything else read-only from disk (cached). */
export function inputHost(input: string): FileHost & { texts: Map<string, string> } {
  const texts = new Map<string, string>([[INPUT_FILE, input]]);
  return {
    texts,
    readFile(path) {
      if (path === INPUT_FILE) return input;
      const t = readReal(path);
      if (t !== undefined) texts.set(path, t);
      return t;
    },
    fileExists: (path) => path === INPUT_FILE || readReal(path) !== undefined,
  };
}

export const headerTarget: FuzzTarget = {
  name: 'header',
  description:
    'preprocess + parse + buildHeaderModel + layout (7 ABIs) + renderers + #define values + checks',
  dictionary: C_DICTIONARY,
  maxLength: 32 * 1024,
  timeoutMs: 20_000,
  seeds() {
    const project = [
      'layout',
      'parser',
      'preprocess',
      'checks',
      'cli',
      'sim',
      'server',
      'kernel-tree',
    ].flatMap((d) => filesUnder(join(FIXTURES, d), /\.h$/, 32 * 1024));
    const shared = sample(filesUnder(SHARED_FIXTURES, /\.h$/, 32 * 1024), 8);
    const system = sample(filesUnder(SYSTEM_LINUX_HEADERS, /\.h$/, 16 * 1024), 60);
    // Small instances of the shapes that were one step of the build however big (single-step-shapes.ts).
    const steps = [...skipShapes(40), ...enumShapes(300), ...macroArgShapes(600)].map((s) => s.text);
    // Unterminated macro argument lists followed by more invocations (a quadratic re-read found
    // by fuzzing); the single-file ones, as the target reads one input file.
    const unterminated = unterminatedShapes(200).flatMap((s) =>
      s.files['inc.h'] ? [] : [s.files['main.h']],
    );
    return [...readAll([...project, ...shared, ...system]), ...steps, ...unterminated];
  },
  setup: () => initParser(),
  async run(input) {
    const abi = ABIS[inputHash(input) % ABIS.length];
    const host = inputHost(input);
    const model = await buildHeaderModel({ files: [INPUT_FILE], abi, host });
    checkDiagnostics(model.diagnostics, host.texts);
    const records = model.allRecords();
    for (const r of records) {
      checkRecordLayout(r);
      checkDiagnostics(r.diagnostics, host.texts);
      invariant(typeof renderPahole(r) === 'string', 'renderPahole returned no text');
    }
    JSON.stringify(toLayoutJson(records, abi.name));
    for (const d of model.defines.all())
      invariant(!d.error || !CAUGHT_CRASH.test(d.error), () => `#define ${d.name}: caught crash: ${d.error}`);
    const checks = runChecks({
      models: [model],
      files: [INPUT_FILE],
      workspace: { root: '/kpw-fuzz', host },
      forceUapi: true,
    });
    checkDiagnostics(checks, host.texts);
  },
};
