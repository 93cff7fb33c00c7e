// Fuzz target: what a target answers: the probe's stdout lines (JSON per
// step, or garbage, cut lines, huge numbers) read by parseProbeLine for both
// uAPI generations. Seeds are the simulator's own answers in the probe's shape.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario, runScenario, toHex, type SimUapi } from '../../../src/core/sim/index';
import { parseProbeLine } from '../../../src/core/runner/probe-protocol';
import { loadBuiltinUapis, UAPIS } from './scenario';
import { FIXTURES, filesUnder } from './seeds';
import { invariant, type FuzzTarget } from './types';

/** Simulator answers of the fixture scenarios as probe output lines, plus the fake probes' lines. */
async function probeSeeds(): Promise<string[]> {
  await loadBuiltinUapis();
  const out: string[] = [];
  for (const file of filesUnder(join(FIXTURES, 'sim'), /\.json$/)) {
    const parsed = parseScenario(readFileSync(file, 'utf8'), file);
    if (!parsed.ok) continue;
    const uapi = UAPIS[parsed.scenario.uapi ?? 'v7.3'] as SimUapi;
    const lines = runScenario(parsed.scenario, uapi).map((r) =>
      JSON.stringify({
        step: r.step,
        op: r.answer.op,
        rc: r.answer.rc,
        errno: r.answer.errno,
        kernelRc: r.answer.kernelRc,
        bytes: toHex(r.answer.bytes),
        fields: r.answer.op === 'ioctl' ? {} : r.answer.fields,
        decidedBy: r.answer.decidedBy,
        trace: r.answer.trace,
        warnings: r.answer.warnings,
      }),
    );
    out.push(`kpw-pid 4242\n${lines.join('\n')}\n`);
  }
  for (const file of filesUnder(join(FIXTURES, 'target'), /\.sh$/)) {
    const echoes = [...readFileSync(file, 'utf8').matchAll(/^echo '(.*)'$/gm)].map((m) => m[1]);
    if (echoes.length) out.push(echoes.join('\n'));
  }
  return out;
}

export const probeTarget: FuzzTarget = {
  name: 'probe',
  description: 'parseProbeLine on every stdout line (v13 and v7.3)',
  dictionary: [
    '{"step":',
    '"op":"ioctl"',
    '"op":"open"',
    '"rc":0',
    '"rc":-1',
    '"errno":null',
    '"errno":"ENOSYS"',
    '"kernelRc":-22',
    '"bytes":""',
    '"bytes":"00ff"',
    '"fields":{}',
    '"fields":{"pec":64}',
    '"decidedBy":"fake"',
    '"trace":[]',
    '"trace":["x"]',
    '"warnings":[1]',
    '"__proto__":{"x":1}',
    '1e999',
    '-0',
    '9007199254740993',
    '\n',
    '\r\n',
    '{',
    '}',
    '[',
    ']',
    '"',
  ],
  maxLength: 16 * 1024,
  timeoutMs: 10_000,
  seeds: probeSeeds,
  setup: loadBuiltinUapis,
  run(input) {
    for (const uapi of [UAPIS.v13, UAPIS['v7.3']] as SimUapi[]) {
      for (const line of input.split('\n')) {
        const r = parseProbeLine(line, uapi);
        if (!r.ok) {
          invariant(
            typeof r.message === 'string' && r.message.length > 0 && r.message.length < 1000,
            'a refused probe line without a short message',
          );
          continue;
        }
        const a = r.answer;
        invariant(Number.isSafeInteger(r.step) && r.step >= 0, `step ${r.step}`);
        invariant(
          a.bytes instanceof Uint8Array &&
            typeof a.op === 'string' &&
            typeof a.rc === 'number' &&
            typeof a.decidedBy === 'string',
          'answer of the wrong shape',
        );
        invariant(
          Array.isArray(a.trace) &&
            a.trace.every((t) => typeof t === 'string') &&
            a.warnings.every((w) => typeof w === 'string'),
          'trace or warnings not strings',
        );
        invariant(a.errno === null || typeof a.errno === 'string', 'errno neither null nor a string');
        invariant(
          typeof a.fields === 'object' &&
            a.fields !== null &&
            Object.getPrototypeOf(a.fields) === Object.prototype,
          'fields is not a plain object',
        );
        JSON.stringify({ ...a, bytes: toHex(a.bytes) });
      }
    }
  },
};
