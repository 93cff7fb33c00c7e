// `--only CODES` / `--disable CODES` of `kpw check` and `kpw patch`: comma lists
// checked against the one registry of codes (src/core/diag/codes.ts), the same
// vocabulary the editor's `kpw.checks.disabled` setting takes.

import { isKnownCode, type CodeFilter } from '../core/diag/codes';
import { single, type ParsedArgs } from './args';
import { UsageError } from './exit-codes';

export const CODE_FILTER_SPECS = [
  { name: 'only', value: true },
  { name: 'disable', value: true },
] as const;

export function codeFilter(args: ParsedArgs): CodeFilter {
  return { only: codes(single(args, 'only')), disable: codes(single(args, 'disable')) };
}

function codes(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const code of list) if (!isKnownCode(code)) throw new UsageError(`unknown diagnostic code '${code}'`);
  return list;
}
