// Coverage feedback for the fuzzer from V8's own block coverage (node:inspector
// Profiler.takePreciseCoverage with call counts): which blocks of the project's
// code an input executed. No instrumentation, no native addon, nothing from npm.

import { Session } from 'node:inspector';

interface V8Range {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface V8Function {
  functionName: string;
  ranges: V8Range[];
}
interface V8Script {
  url: string;
  functions: V8Function[];
}

/**
 * V8 leaves out a nested block whose count equals its parent's, so a block is
 * "executed" when the innermost listed range around it has a non-zero count.
 * Every block ever listed is remembered per function and re-checked this way.
 */
export class CoverageTracker {
  private readonly session = new Session();
  /** function key -> known blocks "start:end". */
  private readonly known = new Map<string, Set<string>>();
  /** Every block any input executed. */
  private readonly seen = new Set<string>();

  constructor(private readonly include: (url: string) => boolean) {}

  start(): void {
    this.session.connect();
    this.post('Profiler.enable');
    this.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
    this.take(); // drop what loading the modules ran
  }

  stop(): void {
    this.session.disconnect();
  }

  get blocks(): number {
    return this.seen.size;
  }

  /** Blocks executed since the last call; returns how many of them were never seen before. */
  collect(): number {
    let fresh = 0;
    for (const script of this.take()) {
      if (!this.include(script.url)) continue;
      for (const fn of script.functions) {
        if (fn.ranges[0].count === 0) continue;
        fresh += this.collectFunction(script.url, fn.ranges);
      }
    }
    return fresh;
  }

  private collectFunction(url: string, ranges: V8Range[]): number {
    const fnKey = `${url}@${ranges[0].startOffset}`;
    let known = this.known.get(fnKey);
    if (!known) this.known.set(fnKey, (known = new Set()));
    for (const r of ranges) known.add(`${r.startOffset}:${r.endOffset}`);
    let fresh = 0;
    for (const block of known) {
      const [start, end] = block.split(':').map(Number);
      if (innermostCount(ranges, start, end) === 0) continue;
      const key = `${fnKey}#${block}`;
      if (!this.seen.has(key)) {
        this.seen.add(key);
        fresh++;
      }
    }
    return fresh;
  }

  private take(): V8Script[] {
    let out: V8Script[] = [];
    this.post('Profiler.takePreciseCoverage', undefined, (r) => (out = (r as { result: V8Script[] }).result));
    return out;
  }

  /** Posts to our own isolate: the callback runs before post() returns. */
  private post(method: string, params?: object, done?: (result: unknown) => void): void {
    let failure: Error | null = null;
    this.session.post(method, params, (err, result) => {
      failure = err;
      done?.(result);
    });
    if (failure) throw failure;
  }
}

function innermostCount(ranges: V8Range[], start: number, end: number): number {
  let best: V8Range | undefined;
  for (const r of ranges) {
    if (r.startOffset > start || r.endOffset < end) continue;
    if (!best || r.endOffset - r.startOffset <= best.endOffset - best.startOffset) best = r;
  }
  return best?.count ?? 0;
}
