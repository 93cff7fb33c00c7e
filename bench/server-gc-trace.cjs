// Preloaded into the language server by the bench's hover-wait rows (node --require): records
// every garbage collection (kind, forced or not, start and duration on the monotonic clock that
// process.hrtime reads in every process) and writes them as JSON lines to KPW_GC_TRACE at exit,
// so the bench can say how much of each hover's wait was GC. Not part of the shipped server.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file, preloaded with node --require */
const { PerformanceObserver, performance, constants } = require('node:perf_hooks');
const { writeFileSync } = require('node:fs');

const out = process.env.KPW_GC_TRACE;
if (out) {
  // performance.now() counts from the process's time origin; hrtime from a machine-wide origin.
  const offset = Number(process.hrtime.bigint()) / 1e6 - performance.now();
  const kinds = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
  };
  const events = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const d = e.detail ?? {};
      events.push({
        start: e.startTime + offset,
        ms: e.duration,
        kind: kinds[d.kind] ?? String(d.kind),
        forced: (d.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0,
      });
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('exit', () => writeFileSync(out, events.map((e) => JSON.stringify(e)).join('\n') + '\n'));
}
// For bench/wait-diag.ts (KPW_WAIT_TRACE=FILE): when each chunk of a message was read from stdin and
// each write to stdout began (the server run with --stdio), and the build slices a locally
// instrumented bundle pushed to globalThis.__kpwSlices as [start, end, main-thread CPU ms at the end
// (from /proc/self/schedstat), 'final'?] (none in the shipped bundle): what a long wait consisted of.
if (process.env.KPW_WAIT_TRACE) {
  const offset = Number(process.hrtime.bigint()) / 1e6 - performance.now();
  const ev = [];
  const { readFileSync } = require('node:fs');
  const sched = () => Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  globalThis.__kpwSched = sched;
  process.stdin.on('data', (b) => ev.push(['read', performance.now() + offset, b.length]));
  const w = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    ev.push(['write', performance.now() + offset, String(chunk).slice(0, 70)]);
    return w(chunk, ...rest);
  };
  process.on('exit', () => {
    for (const [a, b, c, d] of globalThis.__kpwSlices ?? [])
      ev.push([d ? 'final' : 'slice', a + offset, b - a, c]);
    writeFileSync(process.env.KPW_WAIT_TRACE, JSON.stringify(ev));
  });
}
