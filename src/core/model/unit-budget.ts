// The memory budget of one header analysis. Modelling costs about 120 bytes of
// peak RSS per byte of preprocessed text per ABI (tokens, AST, layouts, the
// tree-sitter heap), so the product text x ABIs is capped: within it a run stays
// under 1 GiB. Over it the unit is refused with an error, never cut silently.

import type { Diagnostic } from '../diag/diagnostic';
import { DiagCode } from '../diag/codes';
import { ZERO_RANGE } from '../text/position';

import { MAX_UNIT_BYTES_X_ABIS } from '../limits';

/** Bytes of preprocessed text times the number of ABIs modelled together (4 MiB on one ABI,
 *  585 KiB on all seven). */
export { MAX_UNIT_BYTES_X_ABIS };

/** An error when `textLength` characters on `abiCount` ABIs exceed the budget. */
export function unitBudgetError(file: string, textLength: number, abiCount: number): Diagnostic | undefined {
  const n = Math.max(1, abiCount);
  if (textLength * n <= MAX_UNIT_BYTES_X_ABIS) return undefined;
  const perAbi = Math.floor(MAX_UNIT_BYTES_X_ABIS / n);
  return {
    code: DiagCode.fileTooLarge,
    severity: 'error',
    file,
    range: ZERO_RANGE,
    message:
      `the header and its includes expand to more than ${perAbi} bytes, the limit on ${n} ABI${n > 1 ? 's' : ''} ` +
      `(${MAX_UNIT_BYTES_X_ABIS} bytes divided by the ABIs modelled, to stay within 1 GiB of memory); not analysed` +
      (n > 1 ? ' (fewer ABIs, e.g. --abi x86_64, allow more)' : ''),
  };
}
