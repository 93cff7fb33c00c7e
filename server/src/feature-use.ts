// What the driver does with a device feature number, for the #define hover:
// the `case` that dispatches it, the handler, the size its
// vfio_check_feature() demands, and the struct the header documents for it.
// All reading is done by the core's check helpers (the same the checks use).

import { relative } from 'node:path';
import type { CheckContext } from '../../src/core/checks/types';
import { dispatchOf, minszOf } from '../../src/core/checks/driver-dispatch';
import { documentedStruct } from '../../src/core/checks/feature-docs';
import type { FileHost } from '../../src/core/host/types';
import type { DocumentState } from './document-models';
import type { FeatureUse } from './hover-define';
import { workspaceRootFor } from './checks';

export function featureUseFor(
  state: DocumentState,
  host: FileHost,
  folders: readonly string[],
): (name: string) => FeatureUse | undefined {
  const ctx: CheckContext = {
    models: state.models,
    files: [state.path],
    workspace: { root: workspaceRootFor(state.path, folders), host },
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
