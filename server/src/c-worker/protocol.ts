// The messages between the language server's main thread and the C checks' worker
// (worker.ts): plain data only (structured clone), so the main thread never holds a
// tree-sitter object. Each job carries the open documents the worker has not seen yet.

import type { Diagnostic } from '../../../src/core/diag/diagnostic';

/** An open document's text as the worker mirrors it (the editor's unsaved buffer). */
export interface MirroredDoc {
  uri: string;
  /** The file it is (uri as a path): what the overlay looks it up by. */
  path: string;
  version: number;
  text: string;
}

/** What changed among the open documents since the last message: texts to take, URIs to drop. */
export interface DocsDelta {
  docs: MirroredDoc[];
  closed: string[];
}

/** The kernel checks of one C document (its text is among the mirrored documents). */
export interface CheckJob {
  kind: 'check';
  id: number;
  uri: string;
  version: number;
  file: string;
  includeDirs: string[];
  abis: string[];
  disable: string[];
}

/** A hover on a C document: the struct copied by copy_to_user() at `position`. */
export interface HoverJob {
  kind: 'hover';
  id: number;
  uri: string;
  version: number;
  file: string;
  position: { line: number; character: number };
  includeDirs: string[];
  abis: string[];
}

export type ToWorker =
  | ((CheckJob | HoverJob) & DocsDelta)
  /** Stops a job at its next pause (an edit, a close). */
  | { kind: 'cancel'; id: number }
  | ({ kind: 'docs' } & DocsDelta);

export type FromWorker =
  /** The job's first slice ended: it is long (the editor shows progress). */
  | { kind: 'slice'; id: number }
  | { kind: 'checked'; id: number; findings: Diagnostic[] }
  | { kind: 'hovered'; id: number; markdown: string | null }
  | { kind: 'cancelled'; id: number }
  | { kind: 'failed'; id: number; message: string };

/** What the worker is started with (workerData). */
export interface WorkerConfig {
  /** The time slice of its jobs (tests: 0, a pause at every checkpoint). */
  sliceMs?: number;
  /** Tests only: [0] is the gate (0 closed), [1] is set to 1 when a check waits at it. A check waits
   *  inside its first step after the parse has begun (Atomics.wait: the worker's thread blocks, as a
   *  long step of tree-sitter's would) until the test opens the gate. */
  gate?: Int32Array;
}
