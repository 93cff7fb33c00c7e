// A second opinion on the gcc oracle: clang's sizeof and _Alignof for every
// type gcc measured in each ABI's first translation unit, read the same way
// (-S, assembler constants). Skips when Debian's clang is not installed.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ORACLE_ABIS } from './oracle/abis';
import { baseFlags, includeLines } from './oracle/header-set';
import { measureAbi, WORK_DIR } from './oracle/measure';
import { runTool, toolExists } from './oracle/run-tool';
import { ARRAY_SYMBOL, readAsmArray, sizeofAlignofSource } from './oracle/sizeof-alignof';

const CLANG = process.env.KPW_CLANG ?? 'clang';

for (const abi of ORACLE_ABIS) {
  test(`clang agrees with gcc on sizes and alignments: ${abi.name}`, async (t) => {
    if (!(await toolExists(CLANG))) {
      t.skip(`${CLANG} not found (Debian package clang; optional)`);
      return;
    }
    const measured = await measureAbi(abi);
    if ('skip' in measured) {
      t.skip(measured.skip);
      return;
    }
    const { overlay, units } = measured.oracle;
    const types = units[0].types;
    const names = Object.keys(types);
    const source =
      includeLines(units[0].files) + sizeofAlignofSource(names, types, new Set(units[0].typedefNames));
    const file = join(WORK_DIR, 'tu', `clang-${abi.name}.c`);
    writeFileSync(file, source);
    const r = await runTool(CLANG, [
      `--target=${abi.triple}`,
      ...baseFlags(overlay).filter((f) => f !== '-fdiagnostics-plain-output'),
      '-S',
      file,
      '-o',
      '-',
    ]);
    assert.equal(r.code, 0, r.stderr.slice(0, 2000));
    const values = readAsmArray(r.stdout, ARRAY_SYMBOL) ?? [];
    const diffs = names.flatMap((n, i) => {
      const [size, align] = [values[2 * i], values[2 * i + 1]];
      return size === types[n].size && align === types[n].align
        ? []
        : [`${n}: gcc ${types[n].size}/${types[n].align}, clang ${size}/${align}`];
    });
    assert.deepEqual(diffs, []);
  });
}
