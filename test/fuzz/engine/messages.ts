// Messages between the fuzz runner (run.ts) and a target's child process.

export interface InitMessage {
  target: string;
  seed: number;
  corpus: string[];
  /** Date.now() value at which the child stops. */
  deadline: number;
  maxExecs?: number;
  /** The child writes each input here before running it. */
  currentFile: string;
}

export type ChildMessage =
  | { type: 'exec' }
  | { type: 'corpus'; input: string }
  | { type: 'finding'; input: string; name: string; message: string; stack: string }
  | { type: 'stats'; execs: number; blocks: number; corpus: number }
  | { type: 'finished' }
  | { type: 'fatal'; message: string };
