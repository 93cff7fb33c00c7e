// A model of a non-reference ABI cut down to what the cross-ABI checks read of it
// (kpw check holds one of these per ABI instead of the whole model): its ABI, roots,
// diagnostics and the layouts of the records the reference model defines. The AST,
// the preprocessed text, the type environment and #define values are let go; asking
// for them throws, so a check that starts reading them fails loudly (a check-internal
// finding) instead of answering from nothing.

import type { HeaderModel } from './header-model';
import type { RecordLayout } from '../layout/types';

/**
 * The part of `model` the checks read on an ABI other than the reference: the layouts
 * of `names` (the reference's main records, found by tag or typedef name as
 * `model.record` finds them), laid out now, and the model's own diagnostics.
 */
export function releaseModel(model: HeaderModel, names: Iterable<string>): HeaderModel {
  const kept = new Map<string, RecordLayout>();
  for (const name of names) {
    const layout = model.record(name);
    if (layout) kept.set(name, layout);
  }
  const { abi, mainFiles, includeDirs, roots, diagnostics } = model;
  const gone = (what: string): never => {
    throw new Error(`the ${abi.name} model's ${what} was released after its layouts were taken`);
  };
  return {
    abi,
    mainFiles,
    includeDirs,
    roots,
    diagnostics,
    mainRecords: () => gone('main record list'),
    record: (name) => kept.get(name),
    allRecords: () => gone('record list'),
    get unit() {
      return gone('preprocessed unit');
    },
    get ast() {
      return gone('syntax tree');
    },
    get typeEnv() {
      return gone('type environment');
    },
    get defines() {
      return gone('#define values');
    },
  };
}
