// Finds the project's layout model API (src/core/model/layout-json.ts) at run
// time, so the oracle can skip with a clear message while it does not exist.
// The signature below is the contract the lead's module implements.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LayoutJson } from './layout-json';

export interface ModelApi {
  computeLayoutJson(opts: {
    files: string[];
    includeDirs: string[];
    abi: string;
  }): Promise<{ json: LayoutJson; diagnostics: unknown[] }>;
}

export const MODEL_MODULE = join(__dirname, '..', '..', '..', 'src', 'core', 'model', 'layout-json.ts');

/**
 * The model module, or why the oracle must skip: only a module that does not
 * exist yet skips; one that exists but fails to load throws (a real failure).
 */
export async function loadModelApi(): Promise<ModelApi | { missing: string }> {
  if (!existsSync(MODEL_MODULE)) return { missing: `${MODEL_MODULE} does not exist yet` };
  const path: string = MODEL_MODULE;
  const mod = (await import(path)) as Partial<ModelApi>;
  if (typeof mod.computeLayoutJson !== 'function')
    throw new Error(`${MODEL_MODULE} exports no computeLayoutJson`);
  return mod as ModelApi;
}
