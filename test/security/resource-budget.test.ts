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
