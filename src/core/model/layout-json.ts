// The JSON view of a header model's layouts: the shape `kpw layout --json`
// prints and the oracle tests compare with gcc. One object per ABI.

import { getAbi } from '../abi/index';
import type { Diagnostic } from '../diag/diagnostic';
import type { RecordLayout } from '../layout/types';
import { toLayoutJson, type LayoutJson } from '../layout/json';
import { buildHeaderModel } from './header-model';

export type { LayoutJson };

export interface ComputeLayoutJsonOptions {
  files: string[];
  includeDirs: string[];
  abi: string;
  /** Only these types (tag or typedef name); default: every record with a body in the unit. */
  types?: string[];
}

/** Lays out every record of `files` (one translation unit) for one ABI. */
export async function computeLayoutJson(
  opts: ComputeLayoutJsonOptions,
): Promise<{ json: LayoutJson; diagnostics: Diagnostic[] }> {
  const abi = getAbi(opts.abi);
  if (!abi) throw new Error(`unknown ABI '${opts.abi}'`);
  const model = await buildHeaderModel({ files: opts.files, includeDirs: opts.includeDirs, abi });
  let layouts: RecordLayout[];
  if (opts.types) layouts = opts.types.map((t) => model.record(t)).filter((l): l is RecordLayout => !!l);
  else layouts = model.allRecords();
  return { json: toLayoutJson(layouts, abi.name), diagnostics: model.diagnostics };
}
