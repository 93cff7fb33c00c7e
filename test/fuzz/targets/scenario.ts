// Fuzz target: simulator scenario files (JSON): parseScenario, then the run on
// the built-in model (both uAPI generations) and the probe's stdin lines
// for a target run, which no scenario value may split or extend.

import { join } from 'node:path';
import { loadUapi, parseScenario, runScenario, type SimUapi } from '../../../src/core/sim/index';
import { probeInput } from '../../../src/core/runner/probe-protocol';
import { checkMessage } from '../invariants/diagnostics';
import { FIXTURES, filesUnder, readAll } from './seeds';
import { invariant, type FuzzTarget } from './types';

const FILE = '/kpw-fuzz/input.kpw-scenario.json';
export const UAPIS: { v13?: SimUapi; 'v7.3'?: SimUapi } = {};

export async function loadBuiltinUapis(): Promise<void> {
  for (const gen of ['v13', 'v7.3'] as const) {
    const r = await loadUapi({ override: gen });
    if (!r.ok) throw new Error(`built-in uAPI ${gen}: ${r.error}`);
    UAPIS[gen] = r.uapi;
  }
}

const SCENARIO_DICTIONARY = [
  '"op": "open"',
  '"op": "close"',
  '"op": "reset"',
  '"op": "event"',
  '"op": "ioctl"',
  '"flags": "GET|ZPCI_ERROR"',
  '"flags": "PROBE|ZPCI_ERROR"',
  '"flags": "SET|MASK"',
  '"flags": 4294967295',
  '"flags": "0x10000|13"',
  '"argsz": 8',
  '"argsz": 4294967296',
  '"argsz": -1',
  '"data": null',
  '"data": 0',
  '"data": 1e300',
  '"fault": "header"',
  '"fault": "payload"',
  '"fault": "buffer"',
  '"device": "zpci0"',
  '"expect": {"rc": 0, "errno": "EINVAL", "fields": {"pec": 64}}',
  '"ccdf": {"pec": 64, "fh": 134217729, "fid": "0x1"}',
  '"abort": true',
  '"refreshFails": true',
  '"staleHandle": true',
  '"noPciDev": true',
  '"kvmFails": true',
  '"uapi": "v13"',
  '"uapi": "v7.3"',
  '"zpciEnabled": false',
  '"devices": [{"name": "zpci0", "zpci": true, "fh": 1, "fid": 2, "address": "0000:00:00.0"}]',
  '"driver": "no-feature-op"',
  '"legacyNoOpErrno": true',
  '"steps": []',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  'null',
  '"\\n"',
  '"__proto__"',
  '"x\\nstep 9 ioctl"',
];

export const scenarioTarget: FuzzTarget = {
  name: 'scenario',
  description: 'parseScenario + runScenario (v13, v7.3) + probeInput lines',
  dictionary: SCENARIO_DICTIONARY,
  maxLength: 32 * 1024,
  timeoutMs: 20_000,
  seeds: () =>
    readAll([
      ...filesUnder(join(FIXTURES, 'sim'), /\.json$/),
      ...filesUnder(join(FIXTURES, 'cli'), /^sim-.*\.json$/),
      ...filesUnder(join(FIXTURES, 'target'), /^probe-and-get\.json$/),
      ...filesUnder(join(FIXTURES, 'server', 'sim'), /\.json$/),
    ]),
  setup: loadBuiltinUapis,
  run(input) {
    const parsed = parseScenario(input, FILE);
    if (!parsed.ok) return checkMessage(parsed.error, FILE, 'scenario error');
    const s = parsed.scenario;
    const uapi = UAPIS[s.uapi ?? 'v7.3'] as SimUapi;
    const results = runScenario(s, uapi);
    invariant(results.length === s.steps.length, `${s.steps.length} steps but ${results.length} results`);
    results.forEach((r, i) => {
      invariant(r.step === i, `result ${i} is for step ${r.step}`);
      invariant(
        r.answer.bytes instanceof Uint8Array && Array.isArray(r.answer.trace),
        `step ${i}: answer of the wrong shape`,
      );
      invariant(Number.isSafeInteger(r.answer.rc), `step ${i}: rc ${r.answer.rc}`);
    });
    const probe = probeInput(s, uapi, '0000:00:00.0');
    const lines = probe.text.split('\n');
    invariant(
      lines.pop() === '' && lines.length === 2 + s.steps.length - probe.hostAnswers.size,
      () =>
        `probe stdin has ${lines.length} lines for ${s.steps.length} steps (${probe.hostAnswers.size} answered on the host): ${JSON.stringify(probe.text.slice(0, 300))}`,
    );
    lines
      .slice(2)
      .forEach((l, i) =>
        invariant(
          /^step \d+ (open|close|reset|event|ioctl [0-9a-f]+ \d+ (-|\d+) (none|header|payload|buffer))$/.test(
            l,
          ),
          () => `probe stdin line ${i + 2} is malformed: ${JSON.stringify(l)}`,
        ),
      );
  },
};
