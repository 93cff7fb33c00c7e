// What the driver does with a device feature number, for the #define hover:
// the `case` that dispatches it, the handler, the size its
// vfio_check_feature() demands, and the struct the header documents for it.
// All reading is done by the core's check helpers (the same the checks use),
// so the hover and the feature-not-dispatched check cannot disagree.

import { relative } from 'node:path';
import type { CheckContext } from '../analysis/context';
import { dispatchOf, minszOf } from '../analysis/driver-dispatch';
import { documentedStruct } from '../analysis/feature-docs';
import type { HeaderModel } from '../model/header-model';
import type { FileHost } from '../host/types';
import { workspaceRootFor } from './header-analysis';

export interface FeatureUse {
  /** Whether the dispatch files (vfio_pci_core.c, vfio_main.c) are in the workspace. */
  driverFiles: boolean;
  /** The dispatch functions read, for the "not dispatched" message. */
  switches?: string[];
  /** Where the `case` is: a path relative to the kernel tree, 0-based line. */
  caseAt?: { file: string; line: number };
  handler?: string;
  /** The 4th argument of the handler's vfio_check_feature() as written. */
  minsz?: string;
  /** The struct that argument resolves to. */
  checkedStruct?: string;
  /** The struct the header documents for the feature. */
  documented?: { tag: string; how: string };
}

/** A lookup of feature numbers' driver facts for the header `path` modeled as `models`. */
export function featureUseFor(
  models: readonly HeaderModel[],
  path: string,
  host: FileHost,
  folders: readonly string[],
): (name: string) => FeatureUse | undefined {
  const ctx: CheckContext = {
    models: [...models],
    files: [path],
    workspace: { root: workspaceRootFor(path, folders), host },
  };
  return (name) => {
    const documented = documentedStruct(ctx, name);
    const out: FeatureUse = { driverFiles: false };
    if (documented) out.documented = { tag: documented.tag, how: documented.how };
    const dispatch = dispatchOf(ctx);
    if (!dispatch) return out;
    out.driverFiles = true;
    out.switches = dispatch.switches.map((s) => `${s.fn}()`);
    const c = dispatch.cases.find((x) => x.label === name);
    if (!c) return out;
    const root = ctx.workspace.root;
    out.caseAt = { file: root ? relative(root, c.file) : c.file, line: c.loc.range.start.line };
    const minsz = minszOf(ctx, c);
    if ('reason' in minsz) {
      out.handler = c.calls[0] ?? c.fn;
      return out;
    }
    out.handler = minsz.handler;
    out.minsz = minsz.call.args[3];
    if (minsz.size.kind === 'struct') out.checkedStruct = minsz.size.tag;
    return out;
  };
}
