// Recording a cache entry when an included file's frame ends: the files it
// entered with their versions, its external lookups, the final state of the
// macros it touched, and the slice of output, includes and diagnostics.

import type { CacheEntry } from './cache';
import type { MacroDef } from './types';
import type { Frame, Preprocessor } from './preprocessor';

/** The cache entry for the frame's subtree, or undefined when it must not be cached. */
export function entryFor(pp: Preprocessor, frame: Frame): CacheEntry | undefined {
  if (!frame.deps || frame.uncacheable || frame.version === undefined) return undefined;
  const m = frame.mark;
  const files: [string, string][] = [];
  const seen = new Set<string>();
  for (const p of [frame.file.path, ...pp.enteredLog.slice(m.entered)]) {
    if (seen.has(p)) continue;
    seen.add(p);
    const v = pp.versions.get(p);
    if (v === undefined) return undefined;
    files.push([p, v]);
  }
  const effects: [string, MacroDef | null][] = [];
  const touched = new Set<string>();
  for (let k = m.log; k < pp.defineLog.length; k++) {
    const name = pp.defineLog[k];
    if (touched.has(name)) continue;
    touched.add(name);
    effects.push([name, pp.macros.get(name)?.def ?? null]);
  }
  const base = m.out;
  return {
    config: pp.configKey,
    deps: [...frame.deps].map(([name, d]) => [name, d.def]),
    files,
    resolutions: pp.resolutions.slice(m.resolutions),
    effects,
    text: pp.out.parts.slice(m.parts).join(''),
    segments: pp.out.sliceSegments(m.segs, base),
    includes: pp.includes.slice(m.includes),
    diagnostics: pp.diagnostics.slice(m.diags),
    pragmas: pp.pragmas.slice(m.pragmas).map((p) => ({ ...p, offset: p.offset - base })),
  };
}
