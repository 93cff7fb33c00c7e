// The core's front door: the only core module the faces (CLI, language server,
// VS Code client) import besides the shared floor (lang, diag, text, config).
// Analysis that must agree between faces exists once, behind this door.

export {
  analyzeHeaders,
  analyzeHeaderModels,
  modelHeaders,
  workspaceRootFor,
  type HeaderAnalysis,
  type HeaderAnalysisOptions,
  type ModelHeadersOptions,
} from './header-analysis';
export { featureUseFor, type FeatureUse } from './feature-use';
export type { HeaderModel, HeaderModelCache } from '../model/header-model';
export { analyzePatches, type PatchAnalysisInput, type PatchAnalysisResult } from './patch-analysis';
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
