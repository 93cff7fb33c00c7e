// The C checks' worker thread (dist/c-worker.js): tree-sitter parses, the kernel checks
// and C hovers run here, never on the language server's main thread, whose requests then
// never wait behind one of their steps (a parse's last step, freeing a tree, a check's
// index: 50-150 ms each, single calls into wasm that cannot pause). The same core function
// as `kpw check` (checkCSource), driven in slices so that a cancel message gets through.

import { parentPort, workerData } from 'node:worker_threads';
import {
  checkCSource,
  initParser,
  isAbortError,
  kernelRootOf,
  parseCFlowSteps,
  runSliced,
  type CFlow,
  type Steps,
} from '../../../src/core/api/index';
import { LineIndex } from '../../../src/core/text/position';
import { resolve } from 'node:path';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import { overlayOver, type OpenText } from '../open-overlay';
import { cHoverMarkdown } from './c-hover';
import type { CheckJob, DocsDelta, FromWorker, HoverJob, ToWorker, WorkerConfig } from './protocol';

const config = (workerData ?? {}) as WorkerConfig;
const port = parentPort;

/** The open documents the main thread sent (their unsaved texts), by URI and by path. */
const docs = new Map<string, OpenText & { path: string }>();
const byPath = new Map<string, OpenText>();
/** What the checks read: those texts over the disk, as the main thread's overlayHost reads. */
const host = overlayOver((path) => byPath.get(resolve(path)), nodeFileHost);
/** Jobs under way, to cancel. */
const running = new Map<number, AbortController>();
/** The functions of the last text of each C document hovered, parsed once per version. */
const flows = new Map<string, { version: number; flow: Promise<CFlow> }>();

function take(delta: DocsDelta): void {
  for (const uri of delta.closed) {
    const doc = docs.get(uri);
    if (doc) byPath.delete(doc.path);
    docs.delete(uri);
    flows.delete(uri);
  }
  for (const d of delta.docs) {
    const text = d.text;
    const doc = { path: d.path, version: d.version, getText: () => text };
    docs.set(d.uri, doc);
    byPath.set(d.path, doc);
  }
}

const post = (m: FromWorker): void => port?.postMessage(m);

/** Tests only (WorkerConfig.gate): a check holds the worker inside its first step until opened. */
function* gated<T>(steps: Steps<T>, gate: Int32Array): Steps<T> {
  let r = steps.next();
  if (!r.done) {
    Atomics.store(gate, 1, 1);
    Atomics.notify(gate, 1);
    Atomics.wait(gate, 0, 0);
  }
  while (!r.done) {
    yield;
    r = steps.next();
  }
  return r.value;
}

async function check(job: CheckJob, signal: AbortSignal): Promise<FromWorker> {
  const doc = docs.get(job.uri);
  if (!doc || doc.version !== job.version) return { kind: 'cancelled', id: job.id };
  let sliced = false;
  const findings = await checkCSource({
    file: job.file,
    text: doc.getText(),
    host,
    root: kernelRootOf(job.file, host),
    includeDirs: job.includeDirs,
    abis: job.abis,
    disable: job.disable,
    drive: (steps) =>
      runSliced(config.gate ? gated(steps, config.gate) : steps, {
        signal,
        sliceMs: config.sliceMs,
        onSlice: () => {
          if (!sliced) post({ kind: 'slice', id: job.id });
          sliced = true;
        },
      }),
  });
  return { kind: 'checked', id: job.id, findings };
}

function flowOf(uri: string, version: number, file: string, text: string): Promise<CFlow> {
  const hit = flows.get(uri);
  if (hit?.version === version) return hit.flow;
  const flow = initParser().then(() => runSliced(parseCFlowSteps(file, text), { sliceMs: config.sliceMs }));
  flows.set(uri, { version, flow });
  flow.catch(() => flows.delete(uri));
  return flow;
}

async function hover(job: HoverJob): Promise<FromWorker> {
  const doc = docs.get(job.uri);
  if (!doc || doc.version !== job.version) return { kind: 'hovered', id: job.id, markdown: null };
  const text = doc.getText();
  const flow = await flowOf(job.uri, job.version, job.file, text);
  const offset = new LineIndex(text).offsetAt(job.position);
  const markdown = cHoverMarkdown({
    flow,
    text,
    file: job.file,
    offset,
    abis: job.abis,
    includeDirs: job.includeDirs,
  });
  return { kind: 'hovered', id: job.id, markdown };
}

async function run(job: CheckJob | HoverJob): Promise<void> {
  const controller = new AbortController();
  running.set(job.id, controller);
  try {
    post(job.kind === 'check' ? await check(job, controller.signal) : await hover(job));
  } catch (err) {
    post(
      isAbortError(err)
        ? { kind: 'cancelled', id: job.id }
        : { kind: 'failed', id: job.id, message: err instanceof Error ? err.message : String(err) },
    );
  } finally {
    running.delete(job.id);
  }
}

port?.on('message', (m: ToWorker) => {
  if (m.kind === 'cancel') running.get(m.id)?.abort();
  else {
    take(m);
    if (m.kind !== 'docs') void run(m);
  }
});
