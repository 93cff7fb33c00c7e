// The editor's compatibility baseline: the open header as it was at the git ref
// `kpw.compat.baseRef`, whose text the client sends (kpw/compat/baseText, read
// through VS Code's git extension: the server starts no program), modelled on
// the document's ABIs, so the compat-* checks report what the edits change.

import { resolve } from 'node:path';
import type { KpwSettings } from '../../src/core/config/settings';
import { buildHeaderModelSync, type HeaderModel } from '../../src/core/api/index';
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

export function compatBaseline(state: DocumentState, settings: KpwSettings): HeaderModel[] | undefined {
  const ref = settings.compat.baseRef.trim();
  const base = bases.get(resolve(state.path));
  if (!ref || !base || base.ref !== ref || !state.path.endsWith('.h')) return undefined;
  const key = JSON.stringify([state.models.map((m) => m.abi.name), settings.includeDirs]);
  if (base.models?.key !== key) {
    const path = resolve(state.path);
    const host = textOverDisk(path, base.text);
    const models = state.models.map((m) =>
      buildHeaderModelSync({ files: [path], abi: m.abi, host, includeDirs: settings.includeDirs }),
    );
    base.models = { key, models };
  }
  return base.models.models;
}
