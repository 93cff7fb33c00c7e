// Prints the `predefined` table of an ABI data file from its compiler:
//   node --import tsx test/unit/abi/helpers/print-predefined.ts <abi-name> <triple>
// Paste the output into src/core/abi/<abi>.ts; abi-data.test.ts keeps it honest.

import type { AbiSpec } from '../../../../src/core/abi/types';
import { compilerMacros, selectMacros } from './gcc-macros';

const [name, triple] = process.argv.slice(2);
const macros = compilerMacros({ name, triple } as AbiSpec);
if (!macros) {
  console.error(`no compiler for ${triple}`);
  process.exit(1);
}
const lines = selectMacros(name, macros).map(
  ([k, v]) => `    ${/^\w+$/.test(k) ? k : `'${k}'`}: ${JSON.stringify(v).replace(/^"|"$/g, "'")},`,
);
console.log(`  predefined: {\n${lines.join('\n')}\n  },`);
