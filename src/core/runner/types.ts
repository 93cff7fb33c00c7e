// Shapes of the remote target runner: how a target is reached, what one run
// returns, and the transport problems it reports instead of throwing.
// Answers have the simulator's shape so the two can be compared step by step.

import type { SimAnswer } from '../sim/types';

export interface TargetConfig {
  /** An ssh destination: host, user@host or a Host alias of the user's ssh config. */
  destination: string;
  /** An ssh client config file (`ssh -F`); the user's own config when absent. */
  sshConfig?: string;
  /** The device: a PCI address `dddd:bb:dd.f`, or an absolute /dev path opened as is (tests). */
  device?: string;
  /** How to gain privilege on the target: nothing (already root) or `sudo -n`. */
  privilege?: 'none' | 'sudo';
  /** Where the probe is compiled: locally with s390x-linux-gnu-gcc, or on the target with its gcc. */
  build?: 'local' | 'remote';
  /** Words run before the probe on the target, e.g. ['qemu-s390x-static'] without binfmt. */
  runnerPrefix?: string[];
}

/** A target's answer: the simulator's shape, with any errno name the target kernel gives. */
export type TargetAnswer = Omit<SimAnswer, 'errno'> & { errno: string | null };

export interface TargetStepResult {
  step: number;
  answer: TargetAnswer;
  failures: string[];
}

export type TargetProblemKind =
  | 'refused'
  | 'unreachable'
  | 'auth'
  | 'host-key'
  | 'transport'
  | 'compiler'
  | 'header'
  | 'timeout'
  | 'cancelled'
  | 'probe-output'
  | 'probe-failed'
  | 'output-limit';

export interface TargetProblem {
  kind: TargetProblemKind;
  message: string;
}

export interface TargetRunResult {
  /** True when the transport worked and every step answered (expectations aside). */
  ok: boolean;
  steps: TargetStepResult[];
  problems: TargetProblem[];
  /** Raw log: commands run, the probe's stdout and stderr lines. */
  log: string[];
}
