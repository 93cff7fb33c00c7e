// The probe protocol: the lines sent to the probe for a fixture scenario, and
// what becomes of good answers, garbage and JSON of the wrong shape.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadUapi, parseScenario } from '../../../src/core/sim/index';
import { parseProbeLine, probeInput } from '../../../src/core/runner/index';

const FIXTURES = join(__dirname, '../../fixtures/target');

async function setup() {
  const file = join(FIXTURES, 'probe-and-get.json');
  const loaded = parseScenario(readFileSync(file, 'utf8'), file);
  assert.ok(loaded.ok);
  const uapi = await loadUapi({ override: 'v7.3' });
  assert.ok(uapi.ok);
  return { scenario: loaded.scenario, uapi: uapi.uapi };
}

test('probe input: one line per sendable step, flags resolved from the header', async () => {
  const { scenario, uapi } = await setup();
  const input = probeInput(scenario, uapi, '0000:00:00.0');
  assert.equal(
    input.text,
    [
      'kpw-probe 1',
      'device bdf 0000:00:00.0',
      'step 0 open',
      'step 1 ioctl 4000d 8 - none',
      'step 2 ioctl 1000d 16 32 none',
      'step 3 event',
      '',
    ].join('\n'),
  );
  assert.deepEqual([...input.hostAnswers.keys()], [4]);
  assert.match(input.hostAnswers.get(4)?.trace[0] ?? '', /unknown flag 'NO_SUCH_FLAG'/);
  assert.match(probeInput(scenario, uapi, '/dev/null').text, /^device path \/dev\/null$/m);
});

test('probe output: a v7.3 CCDF is decoded on the host', async () => {
  const { uapi } = await setup();
  const ccdf = '00000000080000010000000100000000000000000000000000000000' + '0004';
  const line = JSON.stringify({
    step: 2,
    op: 'ioctl',
    rc: 0,
    errno: null,
    bytes: `${ccdf.slice(0, 60)}`.padEnd(60, '0') + '0004',
    fields: {},
    decidedBy: 'x',
    trace: [],
  });
  const parsed = parseProbeLine(line, uapi);
  assert.ok(parsed.ok);
  assert.equal(parsed.answer.fields.pec, 4);
  assert.equal(parsed.answer.fields.fh, 0x8000001);
});

test('probe output: garbage and wrong shapes are clear messages, never exceptions', async () => {
  const { uapi } = await setup();
  const cases: [string, RegExp][] = [
    ['Segmentation fault', /not JSON/],
    ['{"step":"zero"}', /wrong shape \('step'/],
    ['[1,2]', /wrong shape/],
    ['null', /wrong shape \(not an object\)/],
    [
      '{"step":0,"op":"open","rc":0,"errno":null,"bytes":"xyz","fields":{},"decidedBy":"","trace":[]}',
      /'bytes' is not hex/,
    ],
    ['\u0000\u00ff binary', /not JSON/],
  ];
  for (const [line, want] of cases) {
    const parsed = parseProbeLine(line, uapi);
    assert.equal(parsed.ok, false, line);
    if (!parsed.ok) assert.match(parsed.message, want, line);
  }
});
