// The editor's compatibility baseline: the open header as it was at the git ref
// `kpw.compat.baseRef`, whose text the client sends (kpw/compat/baseText, read
// through VS Code's git extension: the server starts no program), modelled on
// the document's ABIs, so the compat-* checks report what the edits change.

import { resolve } from 'node:path';
import type { KpwSettings } from '../../src/core/config/settings';
import {
  modelHeaders,
  modelHeaderSteps,
  runSliced,
  type HeaderModel,
  type ModelHeadersOptions,
} from '../../src/core/api/index';
import type { DocumentState } from './document-models';
import { textOverDisk } from './overlay-host';

interface Base {
  ref: string;
  text: string;
  models?: { key: string; models: HeaderModel[] };
}

const bases = new Map<string, Base>();

/** Records (or, with null text, forgets) what `path` was at `ref`. */
export function setBaseText(path: string, ref: string, text: string | null): void {
  if (text === null) bases.delete(resolve(path));
  else bases.set(resolve(path), { ref, text });
}

/** Builds the baseline's models in time slices (before the diagnostics need them), so that
 *  compatBaseline finds them ready and no request waits behind their build. */
export async function prepareCompatBaseline(
  state: DocumentState,
  settings: KpwSettings,
  signal: AbortSignal,
): Promise<void> {
  const wanted = baseFor(state, settings);
  if (!wanted || wanted.base.models?.key === wanted.key) return;
  const path = resolve(state.path);
  const models = await runSliced(modelHeaderSteps(baseOptions(state, settings, wanted.base)), { signal });
  // The text may have been replaced while the build ran: keep the models only for the same base.
  if (bases.get(path) === wanted.base) wanted.base.models = { key: wanted.key, models };
}

/** The baseline's build: the document's ABIs over the base text (the same in both drivers). */
function baseOptions(state: DocumentState, settings: KpwSettings, base: Base): ModelHeadersOptions {
  const path = resolve(state.path);
  return {
    files: [path],
    abis: state.models.map((m) => m.abi),
    host: textOverDisk(path, base.text),
    caches: new Map(),
    includeDirs: settings.includeDirs,
  };
}

function baseFor(state: DocumentState, settings: KpwSettings): { base: Base; key: string } | undefined {
  const ref = settings.compat.baseRef.trim();
  const base = bases.get(resolve(state.path));
  if (!ref || !base || base.ref !== ref || !state.path.endsWith('.h')) return undefined;
  return { base, key: JSON.stringify([state.models.map((m) => m.abi.name), settings.includeDirs]) };
}

export function compatBaseline(state: DocumentState, settings: KpwSettings): HeaderModel[] | undefined {
  const wanted = baseFor(state, settings);
  if (!wanted) return undefined;
  const { base, key } = wanted;
  if (base.models?.key !== key)
    base.models = { key, models: modelHeaders(baseOptions(state, settings, base)) };
  return base.models.models;
}
