// kpw's side of the abidiff oracle: the before and after header models of one
// header on one ABI (the same pipeline as `kpw abi-diff`) and their changes.

import { join, resolve } from 'node:path';
import { getAbi } from '../../../src/core/abi/index';
import { diffModels } from '../../../src/core/compat/diff-models';
import type { CompatChange } from '../../../src/core/compat/types';
import { buildHeaderModel, type HeaderModel } from '../../../src/core/model/header-model';
import type { HeaderSet } from './header-sets';

export interface KpwSide {
  changes: CompatChange[];
  before: HeaderModel;
  after: HeaderModel;
  ms: number;
}

export async function kpwHeader(
  abiName: string,
  oldSet: HeaderSet,
  newSet: HeaderSet,
  header: string,
): Promise<KpwSide> {
  const abi = getAbi(abiName);
  if (!abi) throw new Error(`unknown ABI ${abiName}`);
  const t0 = performance.now();
  const before = await buildHeaderModel({ files: [join(oldSet.root, header)], abi });
  const after = await buildHeaderModel({ files: [join(newSet.root, header)], abi });
  const changes = diffModels({ before, after });
  return { changes, before, after, ms: performance.now() - t0 };
}

/** Where the after (or before) model defines a type abidiff names, if kpw knows it. */
export function definedIn(side: KpwSide, typeName: string): string | undefined {
  for (const m of [side.after, side.before]) {
    const typedef = /^typedef (\w+)$/.exec(typeName);
    const decl = typedef
      ? m.typeEnv.typedef(typedef[1])
      : /^enum (\w+)$/.test(typeName)
        ? m.typeEnv.enumDecl(typeName.slice(5))
        : m.typeEnv.findRecord(typeName);
    // `typedef struct {...} __vector128;` is `struct __vector128` to abidiff.
    const named = decl ?? m.typeEnv.findRecord(typeName.replace(/^(struct|union) /, ''));
    if (named) return resolve(named.loc.file);
  }
  return undefined;
}
