// Runs every scenario under test/fixtures/sim/<generation>/ against the header
// of that generation and checks the expectations written inside them; plus the
// byte layout following the header and bad-input handling.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadUapi,
  parseScenario,
  runScenario,
  toHex,
  type SimUapi,
  type UapiGeneration,
} from '../../../src/core/sim/index';
import { UAPI_HEADERS, UAPI_7_2 } from '../../shared-fixtures';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'sim');
const V13_HEADER = join(FIXTURES, 'headers', 'v13', 'linux', 'vfio-zpci-v13.h');
const V73_HEADER = join(UAPI_HEADERS, '7.3.4', 'linux', 'vfio.h');

async function uapiFor(header: string, includeDirs: string[] = [UAPI_7_2]): Promise<SimUapi> {
  const r = await loadUapi({ header, includeDirs });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.uapi;
}

for (const [generation, header, includes] of [
  ['v13', V13_HEADER, [UAPI_7_2]],
  ['v7.3', V73_HEADER, []],
] as const) {
  const dir = join(FIXTURES, generation);
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    test(`${generation}/${name}`, async () => {
      const uapi = await uapiFor(header, [...includes]);
      assert.equal(uapi.generation, generation as UapiGeneration);
      const file = join(dir, name);
      const loaded = parseScenario(readFileSync(file, 'utf8'), file);
      assert.ok(loaded.ok, loaded.ok ? '' : loaded.error);
      const results = runScenario(loaded.scenario, uapi);
      const failures = results.flatMap((r) =>
        r.failures.map((f) => `step ${r.step}: ${f}\n  ${r.answer.trace.join('\n  ')}`),
      );
      assert.deepEqual(failures, []);
      assert.ok(
        loaded.scenario.steps.some((s) => s.expect),
        'a scenario without expectations tests nothing',
      );
    });
  }
}

test('a wrong expectation is reported (the checker can fail)', async () => {
  const uapi = await uapiFor(V73_HEADER, []);
  const text = JSON.stringify({
    steps: [{ op: 'ioctl', flags: 'GET|ZPCI_ERROR', argsz: 16, expect: { rc: 0, errno: null } }],
  });
  const loaded = parseScenario(text, 'x.json');
  assert.ok(loaded.ok);
  assert.deepEqual(runScenario(loaded.scenario, uapi)[0].failures, [
    'rc: expected 0, got -1',
    'errno: expected none, got ENOMSG',
  ]);
});

test('reordering the v13 struct members changes the bytes, not the fields', async () => {
  const steps = [
    { op: 'open' },
    { op: 'event', device: 'zpci0', pec: 0x1234 },
    { op: 'event', device: 'zpci0', pec: 5 },
    { op: 'ioctl', flags: 'GET|ZPCI_ERROR', argsz: 12 },
  ];
  const loaded = parseScenario(JSON.stringify({ steps }), 's.json');
  assert.ok(loaded.ok);
  const normal = runScenario(loaded.scenario, await uapiFor(V13_HEADER))[3].answer;
  const reordered = runScenario(
    loaded.scenario,
    await uapiFor(V13_HEADER.replace('v13.h', 'v13-reordered.h')),
  )[3].answer;
  assert.equal(toHex(normal.bytes), '01011234');
  assert.equal(toHex(reordered.bytes), '12340101');
  assert.deepEqual(normal.fields, reordered.fields);
});

test('the generation follows the header and can be overridden', async () => {
  assert.equal((await uapiFor(V73_HEADER, [])).generation, 'v7.3');
  const forced = await loadUapi({ header: V13_HEADER, includeDirs: [UAPI_7_2], override: 'v7.3' });
  assert.ok(
    forced.ok && forced.uapi.generation === 'v7.3' && /looks like v13/.test(forced.uapi.generationSource),
  );
  const builtin = await loadUapi({ override: 'v13' });
  assert.ok(builtin.ok && builtin.uapi.generation === 'v13' && builtin.uapi.zpciErr.size === 4);
  const older = await loadUapi({ header: join(UAPI_7_2, 'linux', 'vfio.h') });
  assert.ok(!older.ok && /no struct vfio_device_feature_zpci_err/.test(older.error));
});

test('bad scenario files name the file, the step and the cause', () => {
  const cases: [string, RegExp][] = [
    ['{', /^bad\.json: not valid JSON/],
    ['[]', /^bad\.json: the scenario must be an object/],
    ['{"steps": 3}', /'steps' must be an array/],
    ['{"steps": [{"op": "open"}, {"op": "fly"}]}', /^bad\.json: step 1: 'op' must be one of/],
    ['{"steps": [{"op": "ioctl", "flags": 1}]}', /step 0: ioctl needs 'argsz'/],
    [
      '{"steps": [{"op": "ioctl", "flags": 1, "argsz": -1}]}',
      /step 0: 'argsz' must be a non-negative integer/,
    ],
    ['{"steps": [{"op": "open", "device": "nope"}]}', /step 0: unknown device 'nope'/],
    ['{"steps": [{"op": "event", "pec": "0xzz"}]}', /step 0: 'pec' must be/],
    ['{"steps": [{"op": "open", "color": 1}]}', /step 0: open: unknown key 'color'/],
    ['\u0000\u0001binary', /not valid JSON/],
  ];
  for (const [text, re] of cases) {
    const r = parseScenario(text, 'bad.json');
    assert.ok(!r.ok, text);
    assert.match(r.error, re);
  }
});

test('unknown flag names fail the step without crashing', async () => {
  const loaded = parseScenario(
    JSON.stringify({ steps: [{ op: 'ioctl', flags: 'GET|NOPE', argsz: 16, expect: { rc: 0 } }] }),
    'f.json',
  );
  assert.ok(loaded.ok);
  const [r] = runScenario(loaded.scenario, await uapiFor(V73_HEADER, []));
  assert.match(r.failures[0], /unknown flag 'NOPE'/);
});
