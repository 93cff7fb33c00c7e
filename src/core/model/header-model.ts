// The header model for one ABI: preprocess the main files as one translation
// unit, parse the expansion with tree-sitter, and lay out every record. This is
// the single pipeline the CLI, the language server and the oracle tests share.

import { resolve } from 'node:path';
import type { AbiSpec } from '../abi/types';
import type { Diagnostic } from '../diag/diagnostic';
import { DiagCode } from '../diag/codes';
import type { TranslationUnit } from '../lang/ast';
import { initParser } from '../parser/tree-sitter/tree-sitter';
import { parseUnit, parseUnitSteps, type ParsedUnit, type ParserChoice } from '../parser/parse-unit';
import { driveSync, runSync, type Drive, type Steps } from '../steps';
import { foldKernelAnnotations } from './fold-annotations';
import { SharedLowering } from '../parser/lower/lower-reuse';
import {
  preprocessSteps,
  createPreprocessCache,
  nodeFileHost,
  type PreprocessCache,
} from '../preprocess/preprocess';
import type { ExpandedUnit } from '../preprocess/types';
import type { FileHost } from '../host/types';
import type { RecordLayout } from '../layout/types';
import { RecordIndex } from './record-index';
import { DefineValues } from './define-values';
import { DefineMemo } from './define-memo';
import type { TypeEnv } from '../layout/index';
import { asmFallback } from './asm-fallback';
import { includeDirsFor, type IncludeDirPlan } from './include-dirs';
import { confineHost } from '../host/confine';
import { ZERO_RANGE } from '../text/position';
import { MAX_UNIT_BYTES_X_ABIS, unitBudgetError } from './unit-budget';
import { pushAll } from '../text/push-all';

export interface HeaderModelOptions {
  files: string[];
  /** User include directories (-I), searched first. */
  includeDirs?: string[];
  abi: AbiSpec;
  host?: FileHost;
  /** Reuse work from an earlier model of the same files and ABI (editor re-layout after an edit). */
  cache?: HeaderModelCache;
  signal?: AbortSignal;
  /** Who runs the build (buildHeaderModel only; default driveSync: at once). */
  drive?: Drive;
  /** ABIs the caller models together (they are held at once): the unit budget scales with it. */
  abiCount?: number;
  /** The parser (default HEADER_PARSER). */
  parser?: ParserChoice;
  /** false: lay out no record during the build (`kpw layout FILE -- TYPE` asks for one); the model's
   *  diagnostics then hold no record's layout problems (layoutDiagnostics() gives a record's). */
  layoutMain?: boolean;
}

/** What headers are read with, in every face (CLI, server, patches), so they agree even on
 *  damaged text. Measured (bench/, November-December 2026): the hand parser needs no grammar
 *  load (80-150 ms of wasm compile per process), reads a whole unit about 4x faster than
 *  tree-sitter plus lowering (763 installed UAPI headers, identical ASTs), and rebuilds vfio.h
 *  on 7 ABIs after an edit in the same time as tree-sitter's incremental reparse (~26 ms CPU).
 *  tree-sitter still reads driver C sources (parser/c-source.ts) and is held to the same AST. */
export const HEADER_PARSER: ParserChoice = 'hand';

/** Per (files, ABI) state kept between builds: the preprocessor's include cache and the last parse. */
export interface HeaderModelCache {
  preprocess: PreprocessCache;
  parsed?: ParsedUnit;
  /** Lowered declarations shared by all sibling caches (the same main files on other ABIs). */
  lowering?: SharedLowering;
  /** The include directories, found once per cache (they are probed on disk). */
  plan?: { key: string; plan: IncludeDirPlan };
  /** #define values of the previous build, reused when what they depended on is unchanged;
   *  null: no reuse to prepare for (kpw check evaluates one model's values once). */
  defines?: DefineMemo | null;
}

/** A cache for successive builds of the same files on one ABI. Pass the cache of another
 *  ABI of the same document as `sibling` to share what does not depend on the ABI (lexing,
 *  and declarations whose expanded text and typedef names come out the same). */
export function createHeaderModelCache(sibling?: HeaderModelCache): HeaderModelCache {
  const lowering = sibling ? (sibling.lowering ??= new SharedLowering()) : new SharedLowering();
  // #define values are checked against each ABI's answers on reuse (define-memo.ts): shared too.
  const defines =
    sibling?.defines === null ? null : sibling ? (sibling.defines ??= new DefineMemo()) : undefined;
  return { preprocess: createPreprocessCache(sibling?.preprocess), lowering, defines };
}

export interface HeaderModel {
  /** Where this model was allowed to read (see IncludeDirPlan.roots). */
  readonly roots?: readonly string[];
  readonly abi: AbiSpec;
  readonly mainFiles: string[];
  readonly includeDirs: string[];
  readonly unit: ExpandedUnit;
  readonly ast: TranslationUnit;
  /** Preprocessor, parser and layout diagnostics, in that order. */
  readonly diagnostics: Diagnostic[];
  /** Records with a body defined in the main files, in source order. */
  mainRecords(): RecordLayout[];
  /** A record by tag or by the typedef name of an anonymous record, from anywhere in the unit. */
  record(name: string): RecordLayout | undefined;
  /** All records with a body anywhere in the unit (main files and their includes). */
  allRecords(): RecordLayout[];
  /** Typedefs, tags and enumerators of the whole unit. */
  readonly typeEnv: TypeEnv;
  /** Values of the main files' object-like #defines on this ABI (evaluated lazily). */
  readonly defines: DefineValues;
  /** Set when the unit was refused (a size limit): the error. Such a model holds nothing of the
   *  header, so comparing it with another would call everything removed (or added). */
  readonly refused?: Diagnostic;
}

export async function buildHeaderModel(options: HeaderModelOptions): Promise<HeaderModel> {
  if (options.parser === 'tree-sitter') await initParser();
  return (options.drive ?? driveSync)(buildHeaderModelSteps(options));
}

/** Same as buildHeaderModel; with `parser: 'tree-sitter'` the caller must have awaited initParser(). */
export function buildHeaderModelSync(options: HeaderModelOptions): HeaderModel {
  return runSync(buildHeaderModelSteps(options));
}

/** The one build, pausing at checkpoints in its long loops (preprocessing, parsing, layout): the CLI
 *  runs it to the end (runSync), the language server in time slices that it can cancel (runSliced). */
export function* buildHeaderModelSteps(options: HeaderModelOptions): Steps<HeaderModel> {
  const disk = options.host ?? nodeFileHost;
  const files = options.files.map((f) => resolve(f));
  const plan = includePlan(files, options, disk);
  // Includes may read only inside the plan's roots: a link in a tree or include dir
  // that leads elsewhere is refused (a file-unreadable diagnostic naming it), never opened.
  const host = confineHost(
    disk,
    plan.roots,
    "the header's tree and include directories (add one with -I or kpw.includeDirs)",
  );
  const unit = yield* preprocessSteps(files, host, {
    includeDirs: plan.dirs,
    predefined: options.abi.predefined,
    fallbackInclude: asmFallback(options.abi, plan.dirs, host),
    cache: options.cache?.preprocess,
    signal: options.signal,
    // Definitions cost memory but no text: they are held to the same per-ABI share of the budget.
    maxDefinedChars: Math.floor(MAX_UNIT_BYTES_X_ABIS / Math.max(1, options.abiCount ?? 1)),
  });
  if (unit.stopped) {
    const reason = unit.stopped;
    const rest = { ...unit, diagnostics: unit.diagnostics.filter((d) => d !== reason) };
    return refusedModel(options.abi, files, plan.dirs, rest, reason);
  }
  const overBudget = unitBudgetError(files[0] ?? '<none>', unit.text.length, options.abiCount ?? 1);
  if (overBudget) return refusedModel(options.abi, files, plan.dirs, unit, overBudget);
  yield;
  const parsed = yield* parseUnitSteps(unit.text, unit.map, options.cache?.parsed, {
    shared: options.cache?.lowering,
    parser: options.parser ?? HEADER_PARSER,
  });
  if (options.cache) {
    if (options.cache.parsed && options.cache.parsed !== parsed) options.cache.parsed.dispose();
    options.cache.parsed = parsed;
  }
  const diagnostics: Diagnostic[] = [];
  // The note matters only to a unit that reached for asm/ (a header with no includes needs none).
  const usesAsm = unit.includes.some(
    (inc) => inc.spelled.startsWith('asm/') || inc.resolved?.includes('/asm/'),
  );
  if (plan.asmMissing && usesAsm) diagnostics.push(asmFallbackNote(options.abi, files[0] ?? '<none>'));
  pushAll(pushAll(diagnostics, unit.diagnostics), foldKernelAnnotations(parsed.ast.diagnostics));
  const records = new RecordIndex(
    parsed.ast,
    unit.pragmaTimeline ?? unit.pragmas ?? [],
    options.abi,
    new Set(files),
  );
  yield;
  yield* records.enumsSteps();
  if (options.layoutMain === false) pushAll(diagnostics, records.unitDiagnostics);
  else {
    yield* records.layoutMainSteps();
    pushAll(diagnostics, records.diagnostics);
  }
  if (!options.cache) parsed.dispose();
  return {
    abi: options.abi,
    mainFiles: files,
    includeDirs: plan.dirs,
    roots: plan.roots,
    unit,
    ast: parsed.ast,
    diagnostics,
    mainRecords: () => records.main(),
    record: (name) => records.get(name),
    allRecords: () => records.all(),
    typeEnv: records.env,
    defines: new DefineValues(
      unit,
      records.env,
      options.abi,
      options.cache && options.cache.defines !== null
        ? (options.cache.defines ??= new DefineMemo())
        : undefined,
    ),
  };
}

/** A model with nothing in it but the reason: the unit was over the memory budget. */
function refusedModel(
  abi: AbiSpec,
  files: string[],
  includeDirs: string[],
  unit: ExpandedUnit,
  reason: Diagnostic,
): HeaderModel {
  // Nothing of a refused unit is analysed: its #defines up to the stop (a partial list) neither.
  const empty: ExpandedUnit = { ...unit, text: '', defines: [] };
  const parsed = parseUnit('', empty.map, undefined, { parser: HEADER_PARSER });
  const records = new RecordIndex(parsed.ast, [], abi, new Set(files));
  parsed.dispose();
  return {
    abi,
    mainFiles: files,
    includeDirs,
    unit: empty,
    ast: parsed.ast,
    diagnostics: [...unit.diagnostics, reason],
    mainRecords: () => [],
    record: () => undefined,
    allRecords: () => [],
    typeEnv: records.env,
    defines: new DefineValues(empty, records.env, abi),
    refused: reason,
  };
}

function includePlan(files: string[], options: HeaderModelOptions, host: FileHost): IncludeDirPlan {
  const userDirs = options.includeDirs ?? [];
  const cache = options.cache;
  if (!cache) return includeDirsFor(files, userDirs, options.abi, host);
  const key = JSON.stringify([files, userDirs, options.abi.name]);
  if (cache.plan?.key !== key) cache.plan = { key, plan: includeDirsFor(files, userDirs, options.abi, host) };
  return cache.plan.plan;
}

function asmFallbackNote(abi: AbiSpec, file: string): Diagnostic {
  return {
    code: DiagCode.abiHeadersFallback,
    severity: 'info',
    file,
    range: ZERO_RANGE,
    message:
      `no asm/ headers for ${abi.name} found; using asm-generic with kpw's ${abi.name} ABI data ` +
      `(install Debian's linux-libc-dev-*-cross for ${abi.triple}, or pass -I to the arch's uapi headers)`,
  };
}
