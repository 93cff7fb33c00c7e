// Pure helpers of "KPW: Run on Target" and "Compare Target with Simulator":
// target settings (unsafe destinations refused through checkTarget), the
// built-in read-until-empty scenario, result rows and the step diff.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Scenario } from '../../src/core/sim/index';
import type { TargetStepResult } from '../../src/core/runner/index';
import {
  compareMarkdown,
  compareRuns,
  parseTargets,
  problemsMessage,
  readUntilEmptyScenario,
  targetAnswerViews,
  targetStepViews,
  timeoutSetting,
  trimAfterEmpty,
} from '../../src/extension/target-model';

const answer = (rc: number, errno: string | null, bytes: number[] = [], op = 'ioctl') => ({
  op,
  rc,
  errno,
  kernelRc: rc < 0 ? -1 : 0,
  bytes: new Uint8Array(bytes),
  fields: {},
  decidedBy: 'target kernel',
  trace: [],
  warnings: [],
});
const step = (n: number, rc: number, errno: string | null, bytes: number[] = []): TargetStepResult => ({
  step: n,
  answer: answer(rc, errno, bytes),
  failures: [],
});

function builtin(): Scenario {
  const s = readUntilEmptyScenario(4);
  assert.ok(!('error' in s), JSON.stringify(s));
  return s;
}

describe('kpw.targets entries', () => {
  const cases: { name: string; raw: unknown; targets: string[]; problems: RegExp[] }[] = [
    { name: 'absent', raw: undefined, targets: [], problems: [] },
    { name: 'not an array', raw: { name: 'x' }, targets: [], problems: [/expected an array/] },
    {
      name: 'a full entry',
      raw: [
        {
          name: 'lpar',
          ssh: 'root@lpar1.example.com',
          device: '0000:00:00.0',
          privilege: 'sudo',
          build: 'remote',
          runnerPrefix: ['qemu-s390x-static'],
        },
      ],
      targets: ['lpar'],
      problems: [],
    },
    {
      name: 'shell metacharacters in the host',
      raw: [{ name: 'evil', ssh: 'host;rm -rf /' }],
      targets: [],
      problems: [/refusing ssh destination/],
    },
    {
      name: 'an option as host',
      raw: [{ name: 'opt', ssh: '-oProxyCommand=sh' }],
      targets: [],
      problems: [/refusing ssh destination/],
    },
    {
      name: 'metacharacters in the device',
      raw: [{ name: 'd', ssh: 'h', device: '0000:00:00.0;id' }],
      targets: [],
      problems: [/refusing device/],
    },
    {
      name: 'a bad runner word',
      raw: [{ name: 'r', ssh: 'h', runnerPrefix: ['$(id)'] }],
      targets: [],
      problems: [/refusing runner prefix word/],
    },
    {
      name: 'an unknown key',
      raw: [{ name: 'k', ssh: 'h', command: 'x' }],
      targets: [],
      problems: [/unknown key 'command'/],
    },
    {
      name: 'a bad privilege',
      raw: [{ name: 'p', ssh: 'h', privilege: 'doas' }],
      targets: [],
      problems: [/privilege/],
    },
    { name: 'no name', raw: [{ ssh: 'h' }, 'junk'], targets: [], problems: [/'name'/, /expected an object/] },
    {
      name: 'duplicate names keep the first',
      raw: [
        { name: 'a', ssh: 'h1' },
        { name: 'a', ssh: 'h2' },
      ],
      targets: ['a'],
      problems: [/second target/],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const got = parseTargets(c.raw);
      assert.deepEqual(
        got.targets.map((t) => t.name),
        c.targets,
      );
      assert.equal(got.problems.length, c.problems.length, got.problems.join('; '));
      c.problems.forEach((re, i) => assert.match(got.problems[i], re));
    });
  }

  test('the config carries every field to the runner', () => {
    const [t] = parseTargets([
      { name: 'q', ssh: 'kpw@127.0.0.1', sshConfig: '/tmp/cfg', runnerPrefix: ['qemu-s390x-static'] },
    ]).targets;
    assert.deepEqual(t.config, {
      destination: 'kpw@127.0.0.1',
      sshConfig: '/tmp/cfg',
      device: undefined,
      privilege: undefined,
      build: undefined,
      runnerPrefix: ['qemu-s390x-static'],
    });
  });

  test('the timeout is clamped', () => {
    assert.equal(timeoutSetting(undefined), 30);
    assert.equal(timeoutSetting(0), 1);
    assert.equal(timeoutSetting(1e9), 3600);
    assert.equal(timeoutSetting('10'), 30);
  });
});

describe('read ZPCI_ERROR until empty', () => {
  test('open, PROBE, then the GETs', () => {
    const s = builtin();
    assert.deepEqual(
      s.steps.map((x) => (x.op === 'ioctl' ? x.flags : x.op)),
      ['open', 'PROBE|ZPCI_ERROR', 'GET|ZPCI_ERROR', 'GET|ZPCI_ERROR', 'GET|ZPCI_ERROR', 'GET|ZPCI_ERROR'],
    );
  });

  test('rows stop at the first failing GET', () => {
    const s = builtin();
    const rows = [
      step(0, 0, null),
      step(1, 0, null),
      step(2, 0, null, [1, 2]),
      step(3, -1, 'ENOMSG'),
      step(4, -1, 'ENOMSG'),
    ];
    assert.deepEqual(
      trimAfterEmpty(s, rows).map((r) => r.step),
      [0, 1, 2, 3],
    );
    assert.equal(trimAfterEmpty(s, rows.slice(0, 3)).length, 3);
  });
});

describe('target answers as results-view rows', () => {
  test('bytes as hex, newest first, failures as warnings', () => {
    const s = builtin();
    const rows = targetAnswerViews(s, [
      step(1, 0, null),
      { ...step(2, 0, null, [0xab, 0x01]), failures: ['rc 0, expected -1'] },
    ]);
    assert.equal(rows.length, 2);
    assert.equal(rows[0].seq, 2);
    assert.equal(rows[0].bytes, 'ab01');
    assert.equal(rows[0].request, 'target: GET|ZPCI_ERROR argsz 16 on zpci0');
    assert.equal(rows[0].device, 'zpci0');
    assert.deepEqual(rows[0].warnings, ['expectation failed: rc 0, expected -1']);
    assert.equal(rows[1].request, 'target: PROBE|ZPCI_ERROR argsz 8 on zpci0');
  });
});

describe('compareRuns', () => {
  const sim = (n: number, rc: number, errno: string | null, bytes = '') => ({
    step: n,
    label: 'ioctl',
    answer: { op: 'ioctl', rc, errno, bytes },
  });

  test('rc, errno and bytes must agree; one-sided steps differ', () => {
    const rows = compareRuns(
      [sim(0, 0, null), sim(1, 0, null, 'ab'), sim(2, -1, 'ENOMSG'), sim(3, 0, null)],
      [step(0, 0, null), step(1, 0, null, [0xac]), step(2, -1, 'ENOSYS')],
    );
    assert.deepEqual(
      rows.map((r) => r.same),
      [true, false, false, false],
    );
    assert.deepEqual(rows[1].target, { rc: 0, errno: null, bytes: 'ac' });
    assert.equal(rows[3].target, undefined);
  });

  test('markdown counts the differing steps', () => {
    const md = compareMarkdown('t', compareRuns([sim(0, 0, null)], [step(0, -1, 'ENOSYS')]), ['note']);
    assert.match(md, /1 of 1 steps differ/);
    assert.match(
      md,
      /\| 0 \| ioctl \| rc 0 \| rc -1 ENOSYS \| \*\*differs\*\*: rc 0 vs -1; errno none vs ENOSYS \|/,
    );
    assert.match(compareMarkdown('t', []), /All 0 steps agree/);
  });
});

describe('target answers as Testing view step results', () => {
  test('pass/fail from the expectations, labels and lines from the scenario', () => {
    const failed: TargetStepResult = { ...step(2, -1, 'ENOMSG'), failures: ['expected rc 0, got -1'] };
    const views = targetStepViews(builtin(), [step(1, 0, null, [0x01]), failed], [3, 7, 11]);
    assert.deepEqual(
      views.map((v) => [v.step, v.line, v.label, v.passed, v.failures, v.answer.bytes, v.answer.errno]),
      [
        [1, 7, 'PROBE|ZPCI_ERROR argsz 8 on zpci0', true, [], '01', null],
        [2, 11, 'GET|ZPCI_ERROR argsz 16 on zpci0', false, ['expected rc 0, got -1'], '', 'ENOMSG'],
      ],
    );
  });
  test('transport problems become one message naming the target', () => {
    const msg = problemsMessage(
      {
        problems: [{ kind: 'unreachable', message: 'ssh: connect to host s390 port 22: Connection refused' }],
      },
      'lpar1',
    );
    assert.equal(msg, 'lpar1: unreachable: ssh: connect to host s390 port 22: Connection refused');
    assert.match(problemsMessage({ problems: [] }, 'lpar1'), /lpar1 ended without answering every step/);
  });
});
