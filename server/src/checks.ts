// Runs the core's UAPI checks over a document's per-ABI models, with the
// kernel tree root inferred from the header's path (so cross-file rules see
// the driver files), and drops the codes the user disabled.

import type { Diagnostic } from '../../src/core/diag/diagnostic';
import type { KpwSettings } from '../../src/core/config/settings';
import { runChecks } from '../../src/core/checks/run';
import type { CheckContext } from '../../src/core/checks/types';
import { kernelTreeRoot } from '../../src/core/model/include-dirs';
import type { FileHost } from '../../src/core/preprocess/types';
import type { DocumentState } from './document-models';
import { compatBaseline } from './compat-baseline';

export interface CheckRun {
  state: DocumentState;
  host: FileHost;
  settings: KpwSettings;
  /** Workspace folders (paths), used when the header is not inside a kernel tree. */
  folders: string[];
  signal?: AbortSignal;
}

/** The workspace root for cross-file checks: the kernel tree holding the header, else a folder holding it. */
export function workspaceRootFor(path: string, folders: readonly string[]): string | undefined {
  return kernelTreeRoot(path) ?? folders.find((f) => path.startsWith(f.endsWith('/') ? f : `${f}/`));
}

export function runDocumentChecks(job: CheckRun): Diagnostic[] {
  const { state, settings } = job;
  const ctx: CheckContext = {
    models: state.models,
    files: [state.path],
    workspace: { root: workspaceRootFor(state.path, job.folders), host: job.host },
    forceUapi: settings.checks.forceUapi,
    before: compatBaseline(state, settings),
    signal: job.signal,
  };
  return runChecks(ctx, { disable: settings.checks.disabled });
}
