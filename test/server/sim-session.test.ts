// The simulator session in the real language server: inject and read with
// the Linux 7.3 vfio.h open, the empty queue, state, unknown flag bits, a
// scenario with a failing step, code lenses, and edits of the open header.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens } from 'vscode-languageserver/node';
import {
  SIM_EVENT_METHOD,
  SIM_READ_METHOD,
  SIM_REQUEST_METHOD,
  SIM_RESET_METHOD,
  SIM_RUN_SCENARIO_METHOD,
  SIM_STATE_METHOD,
  type SimAnswersResult,
  type SimAnswerView,
  type SimRunScenarioResult,
  type SimStateResult,
} from '../../src/protocol/sim';
import { UAPI_HEADERS } from '../shared-fixtures';
import { LspSession, positionOf } from './helpers/lsp-session';

const FIXTURES = join(__dirname, '..', 'fixtures', 'server', 'sim');
const VFIO_73 = join(UAPI_HEADERS, '7.3.4', 'linux', 'vfio.h');
const VFIO_V13 = join(FIXTURES, 'v13', 'linux', 'vfio.h');

function answers(r: SimAnswersResult): SimAnswerView[] {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.answers;
}

describe('simulator session on the Linux 7.3 header', () => {
  let session: LspSession;
  let uri: string;
  const call = <R>(method: string, params: unknown) => session.request<R>(method, params);
  const lenses = () => call<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });

  before(async () => {
    session = await LspSession.start();
    uri = await session.open(VFIO_73);
  });
  after(() => session.close());

  test('state names the open header and its generation', async () => {
    const state = await call<SimStateResult>(SIM_STATE_METHOD, {});
    assert.equal(state.header?.file, VFIO_73);
    assert.equal(state.header?.source, 'open editor');
    assert.equal(state.header?.generation, 'v7.3');
    assert.equal(state.header?.structSize, 8);
    const zpci = state.devices.find((d) => d.name === 'zpci0');
    assert.deepEqual([zpci?.mediated, zpci?.openCount, zpci?.queue.length], [true, 1, 0]);
  });

  test('before any request the lenses offer a read', async () => {
    const titles = (await lenses()).map((l) => l.command?.title);
    assert.equal(titles.length, 2);
    assert.ok(
      titles.every((t) => t?.includes('no answer yet')),
      String(titles),
    );
  });

  test('read on an empty queue answers ENOMSG', async () => {
    const got = answers(await call(SIM_READ_METHOD, {}));
    assert.equal(got.length, 1);
    assert.deepEqual([got[0].rc, got[0].errno, got[0].bytes], [-1, 'ENOMSG', '']);
  });

  test('state shows injected events in the queue, decoded', async () => {
    answers(await call(SIM_EVENT_METHOD, { pec: 0x3a, fields: { faddr: '0x1000' } }));
    answers(await call(SIM_EVENT_METHOD, { device: 'zpci0', pec: 0x3b, fields: { q: 1 } }));
    const state = await call<SimStateResult>(SIM_STATE_METHOD, { history: false });
    const queue = state.devices.find((d) => d.name === 'zpci0')?.queue ?? [];
    assert.deepEqual(
      queue.map((e) => [e.fields.pec, e.fields.faddr, e.fields.q, e.fields.fid]),
      [
        [0x3a, 0x1000, 0, 1],
        [0x3b, 0, 1, 1],
      ],
    );
    assert.equal(queue[0].bytes.length, 64);
  });

  test('read drains the queue: each CCDF decoded, then ENOMSG', async () => {
    const got = answers(await call(SIM_READ_METHOD, {}));
    assert.deepEqual(
      got.map((a) => a.errno),
      [null, null, 'ENOMSG'],
    );
    assert.equal(got[0].rc, 0);
    assert.equal(got[0].bytes, '000000000800000100000001000000000000000000001000000000000000003a');
    assert.deepEqual(
      [got[0].fields.fh, got[0].fields.fid, got[0].fields.faddr, got[0].fields.pec],
      [0x8000001, 1, 0x1000, 0x3a],
    );
    assert.equal(got[1].fields.pec, 0x3b);
  });

  test('code lenses show the last answer', async () => {
    const last = answers(await call(SIM_READ_METHOD, {}))[0];
    const titles = (await lenses()).map((l) => l.command?.title ?? '');
    assert.equal(titles.length, 2);
    assert.ok(
      titles.every((t) => t.startsWith(`Simulator #${last.seq}:`)),
      String(titles),
    );
    assert.ok(
      titles.some((t) => t.includes('ENOMSG') && t.includes('queue empty')),
      String(titles),
    );
  });

  test('unknown flag bits answer EINVAL', async () => {
    const [a] = answers(await call(SIM_REQUEST_METHOD, { flags: 0x8001000d, argsz: 16 }));
    assert.deepEqual([a.rc, a.errno], [-1, 'EINVAL']);
    assert.match(a.decidedBy, /unknown flag bits 0x80000000/);
  });

  test('flags by name, and bad parameters come back as errors', async () => {
    const [probe] = answers(await call(SIM_REQUEST_METHOD, { flags: 'PROBE|ZPCI_ERROR' }));
    assert.deepEqual([probe.rc, probe.errno], [0, null]);
    const [nodev] = answers(await call(SIM_REQUEST_METHOD, { device: 'pci1', flags: 'GET|ZPCI_ERROR' }));
    assert.equal(nodev.errno, 'ENODEV');
    const bad = await call<SimAnswersResult>(SIM_REQUEST_METHOD, { flags: 'GET|NOPE' });
    assert.ok(!bad.ok && /unknown flag 'NOPE'/.test(bad.error));
    const badField = await call<SimAnswersResult>(SIM_EVENT_METHOD, { pec: 1, fields: { nope: 1 } });
    assert.ok(!badField.ok && /not a field of struct zpci_ccdf_err/.test(badField.error));
    const badDevice = await call<SimAnswersResult>(SIM_READ_METHOD, { device: 'nope' });
    assert.ok(!badDevice.ok && /no device 'nope'/.test(badDevice.error));
  });

  test('close ends mediated recovery; restart gives a fresh model', async () => {
    answers(await call(SIM_EVENT_METHOD, { pec: 0x3a }));
    answers(await call(SIM_RESET_METHOD, { device: 'zpci0', action: 'close' }));
    let zpci = (await call<SimStateResult>(SIM_STATE_METHOD, {})).devices.find((d) => d.name === 'zpci0');
    assert.deepEqual([zpci?.mediated, zpci?.queue.length], [false, 0]);
    answers(await call(SIM_RESET_METHOD, { action: 'restart' }));
    const state = await call<SimStateResult>(SIM_STATE_METHOD, {});
    zpci = state.devices.find((d) => d.name === 'zpci0');
    assert.deepEqual([zpci?.mediated, state.history.length], [true, 0]);
  });

  test('a scenario file runs with pass/fail per step', async () => {
    const file = join(FIXTURES, 'steps.kpw-scenario.json');
    const r = await call<SimRunScenarioResult>(SIM_RUN_SCENARIO_METHOD, {
      uri: pathToFileURL(file).toString(),
    });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.header, VFIO_73);
    assert.deepEqual(
      r.steps.map((s) => s.passed),
      [true, true, true, false, true],
    );
    assert.deepEqual(r.steps[3].failures, ['rc: expected 0, got -1', 'errno: expected none, got ENOMSG']);
    assert.equal(r.steps[2].answer.fields.pec, 0x3a);
  });

  test('a scenario for the other generation runs on that built-in header, with a note', async () => {
    const text = JSON.stringify({
      uapi: 'v13',
      steps: [{ op: 'ioctl', flags: 'GET|ZPCI_ERROR', argsz: 12, expect: { rc: 0, bytes: '01000000' } }],
    });
    const r = await call<SimRunScenarioResult>(SIM_RUN_SCENARIO_METHOD, {
      uri: 'file:///v13.kpw-scenario.json',
      text,
    });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.generation, 'v13');
    assert.match(r.notes[0], /written for v13/);
    assert.deepEqual(
      r.steps.map((s) => s.passed),
      [true],
    );
  });

  test('missing or junk parameters answer errors, never crash', async () => {
    for (const method of [SIM_EVENT_METHOD, SIM_REQUEST_METHOD, SIM_RUN_SCENARIO_METHOD]) {
      const r = await call<{ ok: boolean }>(method, null);
      assert.equal(r.ok, false, method);
    }
    const r = await call<SimAnswersResult>(SIM_RESET_METHOD, { action: 'explode' });
    assert.ok(!r.ok && /unknown action/.test(r.error));
    const state = await call<SimStateResult>(SIM_STATE_METHOD, null);
    assert.equal(state.devices.length, 2);
  });

  test('a broken scenario is an error, not a crash', async () => {
    const r = await call<SimRunScenarioResult>(SIM_RUN_SCENARIO_METHOD, {
      uri: 'file:///x.kpw-scenario.json',
      text: '{"steps": [{"op": "fly"}]}',
    });
    assert.ok(!r.ok && /step 0: 'op' must be one of/.test(r.error));
  });
});

describe('simulator session follows edits of the open v13 header', () => {
  let session: LspSession;

  before(async () => {
    session = await LspSession.start();
  });
  after(() => session.close());

  const readOne = async () => {
    answers(await session.request(SIM_EVENT_METHOD, { pec: 0x3a }));
    return answers(await session.request(SIM_READ_METHOD, {}))[0];
  };

  test('without an open header the built-in one answers', async () => {
    const state = await session.request<SimStateResult>(SIM_STATE_METHOD, {});
    assert.equal(state.header?.source, 'built-in');
  });

  test('reordering the struct members changes the bytes of the next answer', async () => {
    const text = readFileSync(VFIO_V13, 'utf8');
    const uri = await session.open(VFIO_V13, text);
    const before = await readOne();
    assert.equal(before.bytes, '0100003a');
    assert.deepEqual([before.fields.version, before.fields.pending_errors, before.fields.pec], [1, 0, 0x3a]);
    // Move `__u16 pec;` to the top of the struct: pec, version, pending_errors.
    const start = positionOf(text, '\t__u8 version;');
    const end = positionOf(text, '\t__u16 pec;\n', '\t__u16 pec;\n'.length);
    await session.change(uri, { start, end }, '\t__u16 pec;\n\t__u8 version;\n\t__u8 pending_errors;\n');
    const after = await readOne();
    assert.equal(after.bytes, '003a0100');
    assert.deepEqual([after.fields.version, after.fields.pending_errors, after.fields.pec], [1, 0, 0x3a]);
  });

  test('a header broken mid-edit keeps the previous uAPI and says why', async () => {
    const text = readFileSync(VFIO_V13, 'utf8');
    const uri = await session.open(VFIO_V13, text);
    const at = positionOf(text, '__u8 pending_errors;');
    await session.change(
      uri,
      { start: at, end: { ...at, character: at.character + '__u8 pending_errors;'.length } },
      '__u8 pending;',
    );
    const state = await session.request<SimStateResult>(SIM_STATE_METHOD, {});
    assert.equal(state.header?.generation, 'v13');
    assert.match(state.warnings.join('\n'), /neither a 'data' member .* using the previous header/);
    assert.equal((await readOne()).errno, null);
  });
});
