// The editor's compatibility baseline: the open header as it is at the git ref
// `kpw.compat.baseRef` (default HEAD), modelled on the document's ABIs, so the
// compat-* checks report what the edits change. Core does the work (RefBaselines).

import type { KpwSettings } from '../../src/core/config/settings';
import { RefBaselines, type HeaderModel } from '../../src/core/api/index';
import type { DocumentState } from './document-models';

const baselines = new RefBaselines();

export function compatBaseline(state: DocumentState, settings: KpwSettings): HeaderModel[] | undefined {
  const ref = settings.compat.baseRef.trim();
  if (!ref || !state.path.endsWith('.h')) return undefined;
  return baselines.get(
    state.path,
    ref,
    state.models.map((m) => m.abi),
    settings.includeDirs,
  );
}
