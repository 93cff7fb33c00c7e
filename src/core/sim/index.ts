// The zPCI error simulator's public surface: load the uAPI from a header,
// load a scenario, run it. The CLI and the editor use only these.

export {
  loadUapi,
  detectGeneration,
  parseFlags,
  type SimUapi,
  type UapiResult,
  type LoadUapiOptions,
} from './uapi';
export {
  parseScenario,
  type Scenario,
  type ScenarioStep,
  type Expectation,
  type ScenarioResult,
} from './scenario';
export {
  runScenario,
  runScenarioChunked,
  runScenarioSteps,
  ScenarioCancelled,
  checkExpectation,
  type StepResult,
} from './run-scenario';
export { SimKernel, type SimDevice } from './kernel';
export { PendingQueue, ZPCI_ERR_PENDING_MAX } from './queue';
export { encodeRecord, decodeRecord, toHex } from './bytes';
export type { SimAnswer, DeviceSpec, ErrorEvent, FeatureRequest, UapiGeneration, ErrnoName } from './types';
