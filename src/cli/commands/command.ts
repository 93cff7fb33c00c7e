// What a subcommand gets from main(): output sinks (so tests can capture them)
// and nothing else; each command returns its exit code.

import type { ExitCodeValue } from '../exit-codes';

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Resolves once stdout has taken what was written (a pipe's reader caught up): long output
   *  is written chunk by chunk through it. Absent: every write is taken at once (tests). */
  drain?(): Promise<void>;
}

export type Command = (argv: string[], io: CommandIo) => Promise<ExitCodeValue>;
