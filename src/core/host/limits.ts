// Every size and time limit kpw puts on what it reads or runs, in one place so
// the README's Security section, the CLI and the editor quote the same numbers.
// Going over a limit is always a clear error naming the input; never a silent cut.

const MiB = 1024 * 1024;

export const LIMITS = {
  /** A header or C source read through a FileHost (the preprocessor's own default matches). */
  headerBytes: 16 * MiB,
  /** A patch, mbox or Patchwork JSON file named on the command line or opened in the editor. */
  patchInputBytes: 64 * MiB,
  /** A message read from stdin (`kpw patch -`, `kpw check -`). */
  stdinBytes: 64 * MiB,
  /** A simulator scenario file (CLI and editor). */
  scenarioBytes: 4 * MiB,
  /** Any other file read through the Node host (the hard ceiling). */
  anyFileBytes: 64 * MiB,
  /** Files a directory walk (`kpw check DIR`) collects before stopping with an error. */
  walkFiles: 100_000,
  /** Directory depth a walk descends. */
  walkDepth: 64,
  /** Bytes kept from each of a target command's stdout and stderr. */
  targetStreamBytes: 16 * MiB,
  /** One target line (a protocol line is far shorter). */
  targetLineBytes: 1 * MiB,
  /** Overall deadline of one `kpw run` on a target (build + run), in milliseconds. */
  targetDeadlineMs: 30 * 60 * 1000,
} as const;

export type LimitName = keyof typeof LIMITS;

/** "16 MiB" / "100000": a limit as the messages and the README print it. */
export function formatBytes(n: number): string {
  return n % MiB === 0 ? `${n / MiB} MiB` : `${n} bytes`;
}
