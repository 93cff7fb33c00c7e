// What a preprocessor run keeps per macro, per conditional and per file being
// walked (a frame), the marks that cut out a frame's output for the include
// cache, and the hooks between the walk and the directives. Split from preprocessor.ts.

import type { LexedFile } from './lexer';
import type { MacroDef } from './types';
import type { Steps } from '../steps';

export interface MacroEntry {
  def: MacroDef;
  serial: number;
}

export interface CondEntry {
  /** Whether the current branch is being processed. */
  active: boolean;
  /** Whether some branch of this #if group was taken already. */
  taken: boolean;
  parentActive: boolean;
  sawElse: boolean;
  directive: string;
  offset: number;
  /** `X` when this is a file-wide `#ifndef X` candidate include guard. */
  guard?: string;
}

export interface Frame {
  file: LexedFile;
  dirIndex: number;
  isMain: boolean;
  cond: CondEntry[];
  startSerial: number;
  /** External macro lookups (name -> value, serial); null when this frame is not cached. */
  deps: Map<string, { def: MacroDef | null; serial: number }> | null;
  uncacheable: boolean;
  version?: string;
  mark: RunMark;
}

/** Positions in the run's logs when a frame started, to cut out what its subtree produced. */
export interface RunMark {
  parts: number;
  out: number;
  segs: number;
  diags: number;
  includes: number;
  entered: number;
  log: number;
  resolutions: number;
  pragmas: number;
}

/** Runs the directive line at token i; an #include returns the steps that process the included file. */
export type DirectiveSteps = (frame: Frame, i: number, end: number, w: Walk) => Steps<void> | undefined;

/** The copy cursor of a file walk (an offset in the original text). */
export interface Walk {
  copyFrom: number;
}
