// The core's front door: the only core module the faces (CLI, language server,
// VS Code client) import besides the shared floor (lang, diag, text, config).
// Analysis that must agree between faces exists once, behind this door.

export {
  analyzeHeaders,
  analyzeHeaderModels,
  analyzeHeaderModelSteps,
  modelHeaders,
  modelHeaderSteps,
  workspaceRootFor,
  type HeaderAnalysis,
  type HeaderAnalysisOptions,
  type ModelHeadersOptions,
} from './header-analysis';
export { featureUseFor, type FeatureUse } from './feature-use';
export {
  driveSync,
  isAbortError,
  otherImmediatesQueued,
  runSliced,
  runSync,
  slicedWorkRunning,
  SLICE_MS,
  type Drive,
  type SliceOptions,
  type Steps,
} from '../steps';
export { MAX_PUBLISHED_DIAGNOSTICS } from '../limits';
export type { HeaderModel, HeaderModelCache } from '../model/header-model';
export {
  analyzePatches,
  type PatchAnalysisInput,
  type PatchAnalysisResult,
  type PostImagePlace,
} from './patch-analysis';
export {
  compareMarkdown,
  compareRuns,
  compareWithSimulator,
  readUntilEmptyScenario,
  readUntilEmptyText,
  READ_UNTIL_EMPTY_FILE,
  stepDifferences,
  trimAfterEmpty,
  type CompareRow,
  type RunSide,
  type RunStep,
  type SimulatorComparison,
} from './scenario';

// What the faces present, re-exported so that they need no deeper import: the
// door decides what is public, and lint (eslint.config.mjs) fences the rest.
// The target runner (ssh, child processes) has its own door, ./target.ts, so the
// language server, which must never start programs, does not even bundle it.
export { ABIS, getAbi, type AbiSpec } from '../abi/index';
export type { IocFields } from '../abi/ioc';
export { CHECKS, getCheck } from '../checks/registry';
export { modelFamilies } from '../analysis/model-families';
export type { NumberFamily } from '../analysis/context';
export { holesAfter } from '../layout/holes';
export { declaration, layoutContext, typeName } from '../layout/index';
export { toLayoutJson } from '../layout/json';
export { renderMultiAbi, renderPahole } from '../layout/render';
export type { MemberLayout, RecordLayout } from '../layout/types';
export type { DefineValue } from '../model/define-values';
export { buildHeaderModel, buildHeaderModelSync, createHeaderModelCache } from '../model/header-model';
export { initParser } from '../parser/tree-sitter/tree-sitter';
export * from '../patch/index';
export { toHex } from '../sim/bytes';
export { LINUX_PEC_COMMENTS, pecLabel, QEMU_PEC_NAMES } from '../sim/events';
export { FEATURE_HEADER_SIZE, numbers } from '../sim/request';
export * from '../sim/index';
export { checkCSource } from '../kernel/run';
export { kernelRootOf } from '../kernel/tree-root';
export { diffHeaderPairs, diffTrees } from '../compat/diff-trees';
export type { BeforeFiles } from '../checks/run';
export { readsDriverSources } from '../analysis/driver-dispatch';
export { COPY_OUT, addressedLocal } from '../kernel/types';
export { UapiLayouts } from '../kernel/uapi-layouts';
export { parseCFlow, parseCFlowSteps, type CFlow } from '../parser/tree-sitter/c-flow';
