// The simulator's editor-side pure helpers: PEC list, typed input, tree rows,
// scenario outlines and test messages, the results webview's rows, the code
// lens titles, and package.json contributing every command the extension uses.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SIM_COMMANDS,
  type SimAnswerView,
  type SimStateResult,
  type SimStepResultView,
} from '../../src/protocol/sim';
import { lensTitle } from '../../server/src/sim/sim-code-lens';
import {
  isScenarioFile,
  scenarioOutline,
  stepFailureMessage,
  stepOutput,
} from '../../src/extension/sim-scenario-outline';
import {
  answerSummary,
  parseFieldAssignments,
  parseUint,
  pecChoices,
  readSummary,
  stateToTree,
} from '../../src/extension/sim-view-model';

const root = join(__dirname, '..', '..');
const results = createRequire(__filename)('../../media/sim-results.js') as {
  answerRows(a: SimAnswerView): [string, string][];
  hexGroups(hex: string): string[];
};

const answer = (over: Partial<SimAnswerView> = {}): SimAnswerView => ({
  seq: 3,
  request: 'GET|ZPCI_ERROR argsz 16 on zpci0',
  device: 'zpci0',
  op: 'ioctl',
  rc: 0,
  errno: null,
  kernelRc: 0,
  bytes: '000000000800000100000001000000000000000000001000000000000000003a',
  fields: { fid: 1, faddr: 4096, pec: 0x3a },
  decidedBy: 'step 9: CCDF copied',
  trace: ['step 1: header read'],
  warnings: [],
  ...over,
});

describe('simulator view model', () => {
  test('PEC choices carry QEMU names, sorted, with 0x40 and an availability event', () => {
    const pecs = pecChoices();
    assert.deepEqual(
      pecs.slice(0, 2).map((p) => p.label),
      ['0x0001 INVALAS', '0x0002 OORANGE'],
    );
    assert.ok(pecs.some((p) => p.pec === 0x3b && p.label.endsWith('PERMERR')));
    assert.ok(pecs.some((p) => p.pec === 0x40 && p.description.startsWith('Linux')));
    assert.deepEqual(
      pecs.map((p) => p.pec),
      [...pecs.map((p) => p.pec)].sort((a, b) => a - b),
    );
  });

  test('typed numbers and field assignments', () => {
    assert.deepEqual(
      [parseUint('0x10'), parseUint(' 16 '), parseUint('-1'), parseUint('ten')],
      [16, 16, undefined, undefined],
    );
    assert.deepEqual(parseFieldAssignments('faddr=0xffffffffffffffff, q=1'), {
      fields: { faddr: '0xffffffffffffffff', q: '1' },
    });
    assert.deepEqual(parseFieldAssignments(''), { fields: {} });
    assert.match((parseFieldAssignments('q=one') as { error: string }).error, /'q=one' is not name=value/);
  });

  test('tree rows: header, devices with mediated state, queue entries', () => {
    const state: SimStateResult = {
      header: {
        file: '/k/include/uapi/linux/vfio.h',
        source: 'workspace',
        generation: 'v7.3',
        structSize: 8,
      },
      devices: [
        {
          name: 'zpci0',
          zpci: true,
          fid: 1,
          fh: 0x8000001,
          address: '0000:00:00.0',
          driver: 'vfio-pci',
          openCount: 1,
          mediated: true,
          queue: [{ index: 0, bytes: 'ab', fields: { pec: 0x3a, fid: 1, fh: 0x8000001, faddr: 0 } }],
        },
        {
          name: 'pci1',
          zpci: false,
          fid: 2,
          fh: 0,
          address: '0001:00:00.0',
          driver: 'vfio-pci',
          openCount: 1,
          mediated: false,
          queue: [],
        },
      ],
      history: [],
      warnings: ['broken header'],
    };
    const rows = stateToTree(state);
    assert.deepEqual(
      rows.map((r) => [r.kind, r.label, r.description]),
      [
        ['header', 'uAPI v7.3', 'workspace: /k/include/uapi/linux/vfio.h'],
        ['warning', 'broken header', undefined],
        ['device', 'zpci0', 'mediated on, open 1, 1 pending'],
        ['device', 'pci1', 'not zPCI, open 1, 0 pending'],
      ],
    );
    assert.deepEqual(
      rows[2].children.map((c) => [c.label, c.description, c.device]),
      [['#0 PEC 0x3a', 'fid 0x1 fh 0x8000001 faddr 0x0', 'zpci0']],
    );
  });

  test('answer and read summaries', () => {
    assert.equal(
      answerSummary(answer({ rc: -1, errno: 'ENOMSG', decidedBy: 'step 9: queue empty' })),
      '#3 GET|ZPCI_ERROR argsz 16 on zpci0 → rc -1 ENOMSG (step 9: queue empty)',
    );
    assert.equal(
      readSummary([answer(), answer({ rc: -1, errno: 'ENOMSG', bytes: '' })]),
      'KPW Simulator: 1 event read, then ENOMSG.',
    );
  });

  test('code lens titles', () => {
    assert.equal(
      lensTitle('struct', answer()),
      'Simulator #3: rc 0, 32 bytes 000000000800000100000001000000000000000000001000…, pec 0x3a',
    );
    assert.equal(
      lensTitle(
        'define',
        answer({ rc: -1, errno: 'EINVAL', bytes: '', decidedBy: 'step 3: unknown flag bits 0x80000000' }),
      ),
      'Simulator #3: GET|ZPCI_ERROR argsz 16 on zpci0 → rc -1 EINVAL (step 3: unknown flag bits 0x80000000)',
    );
  });
});

describe('scenario files in the Testing view', () => {
  const fixture = join(__dirname, '..', 'fixtures', 'server', 'sim', 'steps.kpw-scenario.json');
  const text = readFileSync(fixture, 'utf8');

  test('which files are scenarios', () => {
    assert.ok(isScenarioFile('/a/x.kpw-scenario.json', undefined));
    assert.ok(isScenarioFile('/a/x.json', '{"$schema": "../docs/scenario.schema.json", "steps": []}'));
    assert.ok(!isScenarioFile('/a/package.json', '{"name": "x"}'));
    assert.ok(!isScenarioFile('/a/x.txt', '{"$schema": "scenario.schema.json"}'));
  });

  test('outline: one item per step, with its line and a label', () => {
    const outline = scenarioOutline(text);
    assert.deepEqual(
      outline?.map((s) => s.line),
      [5, 6, 7, 8, 9],
    );
    assert.equal(outline?.[1].label, '1: event pec 0x3a on zpci0');
    assert.equal(
      outline?.[3].label,
      '3: ioctl GET|ZPCI_ERROR argsz 16 — deliberately wrong: the queue is empty, so ENOMSG',
    );
    assert.equal(scenarioOutline('{"steps": 1}'), undefined);
    assert.equal(scenarioOutline('{"ste'), undefined);
  });

  test('step results become test messages and output', () => {
    const failed: SimStepResultView = {
      step: 3,
      label: 'ioctl',
      passed: false,
      failures: ['rc: expected 0, got -1'],
      answer: answer({ rc: -1, errno: 'ENOMSG', bytes: '', fields: {}, decidedBy: 'step 9: queue empty' }),
    };
    assert.equal(
      stepFailureMessage(failed),
      'rc: expected 0, got -1\ngot rc -1 ENOMSG (step 9: queue empty)',
    );
    assert.equal(stepFailureMessage({ ...failed, passed: true, failures: [] }), undefined);
    assert.equal(
      stepOutput(failed),
      'step 3 ioctl: rc -1 ENOMSG [step 9: queue empty] FAILED\r\n  FAIL rc: expected 0, got -1',
    );
  });
});

describe('simulator results webview rows', () => {
  test('bytes in 8-byte groups, fields with hex, errno with the kernel rc', () => {
    assert.deepEqual(results.hexGroups('0001020304050607ff'), ['00 01 02 03 04 05 06 07', 'ff']);
    const rows = results.answerRows(
      answer({ rc: -1, errno: 'EINVAL', kernelRc: -22, bytes: '', fields: { pec: 58 } }),
    );
    assert.deepEqual(rows, [
      ['rc', '-1 (EINVAL, kernel -22)'],
      ['decided by', 'step 9: CCDF copied'],
      ['pec', '58 (0x3a)'],
    ]);
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  test('contributes every simulator command and the Simulator view', () => {
    const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const id of Object.values(SIM_COMMANDS)) assert.ok(contributed.has(id), id);
    assert.ok(pkg.contributes.views.explorer.some((v: { id: string }) => v.id === 'kpw.simulator'));
    const titles = pkg.contributes.commands
      .filter((c: { command: string }) => c.command.startsWith('kpw.sim.'))
      .map((c: { category: string; title: string }) => `${c.category}: ${c.title}`);
    for (const t of [
      'KPW: Simulator: Inject zPCI Error',
      'KPW: Simulator: Read ZPCI_ERROR',
      'KPW: Simulator: Send VFIO_DEVICE_FEATURE Request',
      'KPW: Simulator: Reset',
    ])
      assert.ok(titles.includes(t), t);
  });
});
