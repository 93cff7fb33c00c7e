// Entry point of the preprocessor: runs the main files in order as one
// translation unit (as if a synthetic file #included each of them) and
// returns the expanded text, its source map, macros, defines and includes.

import { DiagCode } from '../diag/codes';
import { asCacheImpl } from './cache';
import { runDirective } from './directives';
import { enterFile } from './include-file';
import { SourceMap } from './output';
import { Preprocessor } from './preprocessor';
import { seedsOf } from './seed-macros';
import {
  PRAGMA_ENTER,
  PRAGMA_LEAVE,
  type ExpandedUnit,
  type MacroDef,
  type PreprocessOptions,
} from './types';
import type { FileHost } from '../host/types';
import { MAX_INCLUDE_DEPTH } from '../limits';
import { runSync, type Steps } from '../steps';

export { createPreprocessCache } from './cache';
export type { PreprocessCache } from './types';
export { nodeFileHost } from '../host/node-file-host';
export { GNU_KEYWORD_MACROS } from './gnu-keywords';

/** Preprocesses mainFiles as one translation unit. Never throws. */
export function preprocess(mainFiles: string[], host: FileHost, options: PreprocessOptions): ExpandedUnit {
  return runSync(preprocessSteps(mainFiles, host, options));
}

/** The same as preprocess, pausing in its long loops (the file walks, nested includes included). */
export function* preprocessSteps(
  mainFiles: string[],
  host: FileHost,
  options: PreprocessOptions,
): Steps<ExpandedUnit> {
  const pp = new Preprocessor(host, options, mainFiles, asCacheImpl(options.cache));
  try {
    // GNU keyword spellings first, then the ABI's predefined macros (which may override them).
    const seeds = seedsOf(options.predefined);
    for (const def of seeds.macros) pp.define(def);
    pp.configKey = configKey(options, seeds.key);
    pp.sharedKey = sharedKey(options);
    const directive = runDirectiveFor(pp);
    for (const main of mainFiles) {
      if (pp.stopped) break;
      yield* enterFile(pp, main, -1, undefined, undefined, directive);
    }
  } catch (e) {
    pp.report(
      DiagCode.directiveError,
      'error',
      mainFiles[0] ?? '<built-in>',
      0,
      0,
      `internal preprocessor error: ${(e as Error)?.stack ?? e}`,
    );
  }
  return result(pp, mainFiles);
}

function runDirectiveFor(pp: Preprocessor) {
  return (
    frame: Parameters<typeof runDirective>[1],
    i: number,
    end: number,
    w: Parameters<typeof runDirective>[4],
  ) => runDirective(pp, frame, i, end, w);
}

/** What an include cache entry is filed under: the limits only. The include directories, the
 *  predefined macros and the fallback differ between ABIs, but an entry records what they decide
 *  (each macro looked up, each include resolved) and is checked against them on reuse, so the ABIs
 *  of one run share entries (configKey tells whether an entry came from another configuration). */
function sharedKey(options: PreprocessOptions): string {
  return JSON.stringify([options.maxIncludeDepth ?? MAX_INCLUDE_DEPTH, options.maxFileSize ?? 0]);
}

/** `predefined`: the key of the options' predefined table (seedsOf). */
function configKey(options: PreprocessOptions, predefined: string): string {
  return JSON.stringify([
    options.includeDirs,
    predefined,
    options.maxIncludeDepth ?? MAX_INCLUDE_DEPTH,
    options.maxFileSize ?? 0,
    options.fallbackInclude ? String(options.fallbackInclude) : '',
  ]);
}

function result(pp: Preprocessor, mainFiles: string[]): ExpandedUnit {
  const macros = new Map<string, MacroDef>();
  for (const [name, e] of pp.macros) if (!name.startsWith('#')) macros.set(name, e.def);
  const mains = new Set(mainFiles);
  const files = [...pp.filesRead.filter((f) => mains.has(f)), ...pp.filesRead.filter((f) => !mains.has(f))];
  return {
    text: pp.out.text(),
    map: new SourceMap(pp.out.table, pp.detachedLineIndex(pp.out.table.files)),
    macros,
    defines: pp.defines,
    includes: pp.includes,
    files,
    diagnostics: pp.diagnostics,
    pragmas: pp.pragmas.filter((p) => p.text !== PRAGMA_ENTER && p.text !== PRAGMA_LEAVE),
    pragmaTimeline: pp.pragmas,
    ...(pp.stoppedBy ? { stopped: pp.stoppedBy } : {}),
  };
}
