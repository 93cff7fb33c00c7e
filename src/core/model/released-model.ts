// A model of a non-reference ABI cut down to what the cross-ABI checks read of it
// (kpw check holds one of these per ABI instead of the whole model): its ABI, roots,
// diagnostics and the layouts of the records the reference model defines. The AST,
// the preprocessed text, the type environment and #define values are let go; asking
// for them throws, so a check that starts reading them fails loudly (a check-internal
// finding) instead of answering from nothing.

import type { HeaderModel } from './header-model';
import type { RecordLayout } from '../layout/types';

/** The names whose layouts released models keep, each with its place in their lists: one index
 *  for all the ABIs of a run (a Map per ABI of 10,000 names was ~0.4 MB each, held to the end). */
export class ReleasedNames {
  private readonly index = new Map<string, number>();
  constructor(readonly names: readonly string[]) {
    names.forEach((name, i) => {
      if (!this.index.has(name)) this.index.set(name, i);
    });
  }
  indexOf(name: string): number | undefined {
    return this.index.get(name);
  }
}

/**
 * The part of `model` the checks read on an ABI other than the reference: the layouts
 * of `names` (the reference's main records, found by tag or typedef name as
 * `model.record` finds them), laid out now, and the model's own diagnostics.
 */
export function releaseModel(model: HeaderModel, names: Iterable<string> | ReleasedNames): HeaderModel {
  const index = names instanceof ReleasedNames ? names : new ReleasedNames([...names]);
  // Equal names give equal answers (model.record looks the name up), so one slot per name suffices.
  // A loop, not a callback: a closure over `model` would share its context with the closures
  // returned below, and they would keep the whole model alive.
  const kept: (RecordLayout | undefined)[] = [];
  for (const name of index.names) kept.push(model.record(name));
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
    record: (name) => {
      const at = index.indexOf(name);
      return at === undefined ? undefined : kept[at];
    },
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
