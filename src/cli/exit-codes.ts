// Exit codes of every `kpw` subcommand. Documented in docs/cli.md; CI scripts
// rely on them, so values never change meaning.

export const ExitCode = {
  /** Success; for `kpw check`: no finding at or above the failure threshold. */
  ok: 0,
  /** `kpw check`: findings were reported. */
  findings: 1,
  /** Bad command line: unknown option, unknown ABI, missing argument. */
  usage: 2,
  /** An input named on the command line could not be used (missing or unreadable file,
   *  a requested type that no file defines). Output for the other inputs is still printed. */
  input: 3,
  /** A bug in kpw. The message says where; please report it. */
  internal: 4,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Thrown for command-line mistakes; main() prints the message and exits with `usage`. */
export class UsageError extends Error {}
