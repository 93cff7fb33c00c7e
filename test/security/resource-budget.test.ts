// Issue 15's resource budget: our own worst cases per input kind (headers, macro
// chains, mails) run in a child `kpw` whose peak RSS (VmHWM in /proc/PID/status,
// sampled until it exits) must stay under a budget. Budgets are memory, never time.
// Each input sits at or just past a documented limit (README, Security).

import assert from 'node:assert/strict';
import { test, after } from 'node:test';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import {
  blankLineMail,
  deepMacroChain,
  foldedHeaderMail,
  manySectionMail,
  softBreakMail,
  structHeader,
} from './hostile-inputs';
import { peakRss } from './peak-rss';
import { benchStructs, mixedHeader } from './uapi-shapes';

const MiB = 1024 * 1024;
const tmp = mkdtempSync(join(tmpdir(), 'kpw-budget-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Case {
  name: string;
  file: string;
  text: () => string;
  args: string[];
  /** Peak RSS allowed, bytes. */
  budget: number;
  exit: number[];
}

const CASES: Case[] = [
  {
    name: 'deep macro chain, 20,000 levels',
    file: 'deep.h',
    text: () => deepMacroChain(20_000),
    args: ['layout'],
    budget: 400 * MiB,
    exit: [0],
  },
  {
    name: 'header at the budget on all 7 ABIs',
    file: 'multi.h',
    text: () => structHeader(7_000, false),
    args: ['check'],
    budget: 900 * MiB,
    exit: [0, 1],
  },
  {
    name: 'header on one line at the budget, one ABI',
    file: 'line.h',
    text: () => structHeader(40_000, true),
    args: ['layout'],
    budget: 900 * MiB,
    exit: [0],
  },
  {
    name: '15 MB header on all ABIs (refused)',
    file: 'big.h',
    text: () => structHeader(170_000, false),
    args: ['check'],
    budget: 1024 * MiB,
    exit: [3],
  },
  {
    name: 'blank lines at the line limit',
    file: 'blank.mbox',
    text: () => blankLineMail(990_000),
    args: ['check'],
    budget: 600 * MiB,
    exit: [0, 1],
  },
  {
    name: 'quoted-printable soft breaks at the line limit',
    file: 'qp.mbox',
    text: () => softBreakMail(990_000),
    args: ['check'],
    budget: 600 * MiB,
    exit: [0, 1],
  },
  {
    name: 'folded header lines at the line limit',
    file: 'folded.mbox',
    text: () => foldedHeaderMail(990_000),
    args: ['check'],
    budget: 600 * MiB,
    exit: [0, 1],
  },
  {
    name: '3 M blank lines (refused)',
    file: 'blank3.mbox',
    text: () => blankLineMail(3_000_000),
    args: ['check'],
    budget: 300 * MiB,
    exit: [3],
  },
  {
    name: '3,000 diff sections on one header',
    file: 'many.mbox',
    text: () => manySectionMail(3_000),
    args: ['check'],
    budget: 500 * MiB,
    exit: [0, 1],
  },
];

for (const c of CASES) {
  test(
    `peak RSS within budget: ${c.name}`,
    { skip: !existsSync('/proc/self/status') && !process.env.CI && 'no /proc' },
    async (t) => {
      const path = join(tmp, c.file);
      const text = c.text();
      writeFileSync(path, text);
      const r = await peakRss([...c.args, path]);
      const mb = (n: number) => `${(n / MiB).toFixed(0)} MiB`;
      t.diagnostic(
        `peak RSS ${mb(r.peak)} for ${mb(text.length)} of input (budget ${mb(c.budget)}), exit ${r.code}`,
      );
      assert.ok(c.exit.includes(r.code ?? -1), `exit ${r.code}: ${r.stderr}`);
      assert.ok(r.peak > 0, 'no RSS sample was taken');
      assert.ok(
        r.peak <= c.budget,
        `${c.name}: peak RSS ${mb(r.peak)} for ${mb(text.length)} of input, budget ${mb(c.budget)}`,
      );
    },
  );
}

// Issue 17's memory goal, run as users run kpw (bin/kpw: the bundle with its V8 flags, so it needs
// npm run build: skipped without, failed under CI): peak RSS of `kpw check` and `kpw layout --abi
// all` within 10x the input + 150 MB, on the bench's 10,000-struct header and seeded mixes of
// what UAPI headers hold (unions, bitfields, flexible arrays, #define families), ~0.5 MB each.
// The goal is not met yet (December 2026: check 239-244 MB, layout ~198 MB on the bench header,
// ~172 MB on the mixes; see the README's memory notes), so its test is a todo that prints the
// figure; the ceiling test fails when a run grows past 1.75x the goal.
const GOAL_MET = false;
const built = existsSync(join(__dirname, '..', '..', 'dist', 'cli.js'));
const goalInputs: { name: string; file: string; text: () => string }[] = [
  { name: 'the bench header (10,000 structs)', file: 'bench.h', text: () => benchStructs(10_000) },
  { name: 'seeded mix 1', file: 'mix1.h', text: () => mixedHeader(1, 512 * 1024) },
  { name: 'seeded mix 2', file: 'mix2.h', text: () => mixedHeader(2, 512 * 1024) },
];
for (const input of goalInputs)
  for (const args of [
    ['check', '--uapi'],
    ['layout', '--abi', 'all'],
  ]) {
    const label = `kpw ${args.join(' ')} on ${input.name}`;
    const run = async (t: { diagnostic(m: string): void; skip(m: string): void }) => {
      if (!built) {
        if (process.env.CI === 'true') assert.fail('dist/cli.js missing: run npm run build');
        t.skip('dist/cli.js missing: run npm run build');
        return undefined;
      }
      const path = join(tmp, input.file);
      const text = input.text();
      writeFileSync(path, text);
      const r = await peakRss([...args, path], { built: true });
      assert.ok([0, 1].includes(r.code ?? -1), `exit ${r.code}: ${r.stderr}`);
      assert.ok(r.peak > 0, 'no RSS sample was taken');
      const goal = text.length * 10 + 150 * MiB;
      const mb = (n: number) => `${(n / MiB).toFixed(0)} MiB`;
      t.diagnostic(`peak RSS ${mb(r.peak)} for ${(text.length / 1024).toFixed(0)} KiB, goal ${mb(goal)}`);
      return { peak: r.peak, goal, mb };
    };
    test(`peak RSS under 1.75x the goal: ${label}`, async (t) => {
      const r = await run(t);
      if (r) assert.ok(r.peak <= 1.75 * r.goal, `${label}: ${r.mb(r.peak)}, ceiling ${r.mb(1.75 * r.goal)}`);
    });
    test(
      `peak RSS within 10x the input + 150 MB (issue 17): ${label}`,
      { todo: !GOAL_MET && 'issue 17 memory goal not met yet (the figure is printed)' },
      async (t) => {
        const r = await run(t);
        if (r) assert.ok(r.peak <= r.goal, `${label}: ${r.mb(r.peak)}, goal ${r.mb(r.goal)}`);
      },
    );
  }
