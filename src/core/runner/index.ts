// The remote target runner's public surface: run a scenario on an s390x
// target over ssh with a probe built against the workspace's vfio.h.
// Editor-independent; the CLI and the extension use only these.

export { runOnTarget, type RunOnTargetOptions } from './run-target';
export { checkTarget, parseDestination, shellQuote, type SshDestination } from './validate';
export {
  buildProbeLocally,
  probeSourcePath,
  compilerArgs,
  DEFAULT_COMPILER,
  type BuildOptions,
  type BuildResult,
} from './build';
export { parseProbeLine, probeInput, type ProbeLine, type ProbeInput } from './probe-protocol';
export { sshArgs, scpArgs, transportProblem } from './ssh';
export type {
  TargetConfig,
  TargetAnswer,
  TargetStepResult,
  TargetRunResult,
  TargetProblem,
  TargetProblemKind,
} from './types';
