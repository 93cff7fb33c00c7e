// What a fuzz target is: a name, its seed corpus and dictionary, a per-input
// time limit (longer means a hang), and run(), which feeds one input to a
// parser's public entry point and throws when an invariant breaks.

export interface FuzzTarget {
  name: string;
  /** What entry points it drives, for the report. */
  description: string;
  /** Seed inputs: project fixtures, shared fixtures, real kernel headers. */
  seeds(): string[] | Promise<string[]>;
  /** Tokens the mutator inserts (keywords of the input's language). */
  dictionary: readonly string[];
  /** Inputs are cut to this many characters. */
  maxLength: number;
  /** One input running longer than this is a hang (a finding). */
  timeoutMs: number;
  /** Once per process, before the first input (loading the parser). */
  setup?(): Promise<void>;
  /** Runs one input; any throw is a finding (a crash or a broken invariant). */
  run(input: string): Promise<void> | void;
}

/** A broken invariant: thrown by the checks, reported like a crash. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}

export function invariant(ok: unknown, message: string | (() => string)): asserts ok {
  if (!ok) throw new InvariantError(typeof message === 'string' ? message : message());
}

/** A stable small hash of an input (chooses the ABI and the like deterministically). */
export function inputHash(input: string): number {
  let h = 2166136261;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
