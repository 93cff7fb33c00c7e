// The fuzzing loop of one target, in its own process (started by run.ts):
// replays the corpus, then mutates inputs until its deadline, keeping the ones
// that reach new blocks. Writes each input to a file before running it, so
// the parent can name the input of a hang after killing this process.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findTarget } from '../targets/index';
import { CoverageTracker } from './coverage';
import { mutate, Rng } from './mutate';
import type { ChildMessage, InitMessage } from './messages';

const ROOT_URL = pathToFileURL(join(__dirname, '..', '..', '..')).href;
const PROJECT = [`${ROOT_URL}/src/`, `${ROOT_URL}/server/src/`];

function send(m: ChildMessage): void {
  process.send?.(m);
}

async function main(init: InitMessage): Promise<void> {
  const target = findTarget(init.target);
  if (!target) throw new Error(`unknown fuzz target ${init.target}`);
  await target.setup?.();
  const coverage = new CoverageTracker((url) => PROJECT.some((p) => url.startsWith(p)));
  coverage.start();
  const rng = new Rng(init.seed);
  const corpus: string[] = [];
  let execs = 0;
  let lastStats = Date.now();
  const runOne = async (input: string, fromCorpus: boolean): Promise<void> => {
    writeFileSync(init.currentFile, JSON.stringify(input));
    send({ type: 'exec' });
    execs++;
    try {
      await target.run(input);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      send({ type: 'finding', input, name: e.name, message: e.message, stack: e.stack ?? '' });
    }
    const fresh = coverage.collect();
    if (fresh > 0 || fromCorpus) {
      corpus.push(input);
      if (fresh > 0 && !fromCorpus) send({ type: 'corpus', input });
    }
    if (Date.now() - lastStats > 1000) {
      lastStats = Date.now();
      send({ type: 'stats', execs, blocks: coverage.blocks, corpus: corpus.length });
    }
    await new Promise((r) => setImmediate(r));
  };
  for (const input of init.corpus) {
    if (Date.now() > init.deadline) break;
    await runOne(input.slice(0, target.maxLength), true);
  }
  const ctx = { corpus, dictionary: target.dictionary, maxLength: target.maxLength };
  while (Date.now() < init.deadline && (init.maxExecs === undefined || execs < init.maxExecs)) {
    await runOne(mutate(rng.pick(corpus) ?? '', rng, ctx), false);
  }
  coverage.stop();
  send({ type: 'stats', execs, blocks: coverage.blocks, corpus: corpus.length });
  send({ type: 'finished' });
}

process.once('message', (m: InitMessage) => {
  main(m).then(
    () => process.disconnect?.(),
    (err: Error) => {
      send({ type: 'fatal', message: err.stack ?? String(err) });
      process.disconnect?.();
    },
  );
});
