// `npm run fuzz`: runs each fuzz target for a fixed budget in its own process
// (a per-input watchdog turns a hang into a finding), prints executions,
// exec/s, coverage blocks and findings, and saves each finding's input under
// test/fixtures/fuzz-regressions/<target>/. Exit 1 when anything was found.
//
// node --import tsx test/fuzz/run.ts [--budget-seconds N] [--seed N] [--max-execs N] [--no-save] [target...]

import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildMessage, InitMessage } from './engine/messages';
import { encodeRegression, regressionInputs } from './regressions';
import { REGRESSIONS } from './targets/seeds';
import { TARGETS } from './targets/index';
import type { FuzzTarget } from './targets/types';

interface Options {
  budgetSeconds: number;
  seed: number;
  maxExecs?: number;
  save: boolean;
  targets: FuzzTarget[];
}

export interface Finding {
  target: string;
  kind: 'crash' | 'invariant' | 'hang';
  signature: string;
  message: string;
  input: string;
  saved?: string;
}

interface TargetReport {
  target: string;
  execs: number;
  seconds: number;
  blocks: number;
  corpus: number;
  seeds: number;
  restarts: number;
  findings: Finding[];
}

const STARTUP_LIMIT_MS = 120_000;

function parseArgs(argv: string[]): Options {
  const opts: Options = { budgetSeconds: 60, seed: 1, save: true, targets: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) usage(`${a} needs a number`);
      return v;
    };
    if (a === '--budget-seconds') opts.budgetSeconds = num();
    else if (a === '--seed') opts.seed = num();
    else if (a === '--max-execs') opts.maxExecs = num();
    else if (a === '--no-save') opts.save = false;
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else {
      const t = TARGETS.find((x) => x.name === a);
      if (!t) usage(`unknown target ${a} (targets: ${TARGETS.map((x) => x.name).join(', ')})`);
      opts.targets.push(t);
    }
  }
  if (!opts.targets.length) opts.targets = [...TARGETS];
  return opts;
}

function usage(message: string): never {
  process.stderr.write(
    `fuzz: ${message}\nusage: run.ts [--budget-seconds N] [--seed N] [--max-execs N] [--no-save] [target...]\n`,
  );
  process.exit(2);
}

/** Groups findings that are the same bug: error kind, message without numbers and quoted text, first project frame. */
export function signature(name: string, message: string, stack: string): string {
  const msg = message
    .split('\n')[0]
    .replace(/"file":"[^"]*",?|"range":\{[^}]*\}[^}]*\},?/g, '')
    .replace(/"((?:[^"\\]|\\.){0,60})(?:[^"\\]|\\.)*"/g, '"$1"')
    .replace(/\d+/g, 'N')
    .slice(0, 200);
  const frame =
    stack
      .split('\n')
      .find((l) => /\/(src|server)\//.test(l) && !l.includes('/test/'))
      ?.trim()
      .replace(/:\d+:\d+\)?$/, '') ?? '';
  return `${name}: ${msg}${frame ? ` @ ${frame}` : ''}`;
}

async function fuzzTarget(target: FuzzTarget, opts: Options): Promise<TargetReport> {
  const seeds = [...regressionInputs(target.name).map((r) => r.input), ...(await target.seeds())].filter(
    (s) => s.length <= target.maxLength,
  );
  const report: TargetReport = {
    target: target.name,
    execs: 0,
    seconds: 0,
    blocks: 0,
    corpus: seeds.length,
    seeds: seeds.length,
    restarts: 0,
    findings: [],
  };
  const corpus = [...seeds];
  const started = Date.now();
  const deadline = started + opts.budgetSeconds * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'kpw-fuzz-'));
  const bySignature = new Map<string, Finding>();
  const record = (f: Omit<Finding, 'target'>) => {
    if (bySignature.has(f.signature)) return;
    const finding = { ...f, target: target.name };
    bySignature.set(f.signature, finding);
    if (opts.save) finding.saved = saveFinding(finding);
    process.stdout.write(
      `  finding [${f.kind}] ${f.signature}${finding.saved ? `\n    saved ${finding.saved}` : ''}\n`,
    );
  };
  try {
    let execsBefore = 0;
    while (Date.now() < deadline) {
      const run = await runChild(
        target,
        opts,
        corpus,
        deadline,
        join(dir, 'current'),
        opts.seed + report.restarts,
        record,
      );
      report.execs = execsBefore + run.execs;
      execsBefore = report.execs;
      report.blocks = Math.max(report.blocks, run.blocks);
      if (run.finished || opts.maxExecs !== undefined) break;
      report.restarts++;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report.seconds = (Date.now() - started) / 1000;
  report.corpus = corpus.length;
  report.findings = [...bySignature.values()];
  return report;
}

interface ChildRun {
  execs: number;
  blocks: number;
  finished: boolean;
}

function runChild(
  target: FuzzTarget,
  opts: Options,
  corpus: string[],
  deadline: number,
  currentFile: string,
  seed: number,
  record: (f: Omit<Finding, 'target'>) => void,
): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child: ChildProcess = fork(join(__dirname, 'engine', 'child.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const run: ChildRun = { execs: 0, blocks: 0, finished: false };
    let last = Date.now();
    let running = false;
    let done = false;
    const watchdog = setInterval(() => {
      const limit = running ? target.timeoutMs : STARTUP_LIMIT_MS;
      if (Date.now() - last <= limit) return;
      let input = '';
      try {
        input = JSON.parse(readFileSync(currentFile, 'utf8')) as string;
      } catch {
        input = '';
      }
      const message = running
        ? `no answer within ${target.timeoutMs} ms`
        : `the target did not start within ${STARTUP_LIMIT_MS} ms`;
      record({
        kind: 'hang',
        signature: `hang: ${running ? `${target.name} input` : 'startup'}`,
        message,
        input,
      });
      finish(false);
    }, 250);
    const finish = (finished: boolean) => {
      if (done) return;
      done = true;
      run.finished = finished;
      clearInterval(watchdog);
      if (child.exitCode === null) child.kill('SIGKILL');
      resolve(run);
    };
    child.on('message', (m: ChildMessage) => {
      last = Date.now();
      if (m.type === 'exec') running = true;
      else if (m.type === 'stats') Object.assign(run, { execs: m.execs, blocks: m.blocks });
      else if (m.type === 'corpus') corpus.push(m.input);
      else if (m.type === 'finding') {
        record({
          kind: m.name === 'InvariantError' ? 'invariant' : 'crash',
          signature: signature(m.name, m.message, m.stack),
          message: `${m.message}\n${m.stack}`,
          input: m.input,
        });
      } else if (m.type === 'finished') finish(true);
      else if (m.type === 'fatal') {
        record({
          kind: 'crash',
          signature: `fatal: ${m.message.split('\n')[0]}`,
          message: m.message,
          input: '',
        });
        finish(true);
      }
    });
    child.on('exit', (code, sig) => {
      if (done) return;
      if (Date.now() < deadline) {
        let input = '';
        try {
          input = JSON.parse(readFileSync(currentFile, 'utf8')) as string;
        } catch {
          input = '';
        }
        record({
          kind: 'crash',
          signature: `process died: ${sig ?? `exit ${code}`}`,
          message: `the target process died (${sig ?? `exit ${code}`})`,
          input,
        });
        finish(false);
      } else finish(true);
    });
    const init: InitMessage = {
      target: target.name,
      seed,
      corpus,
      deadline,
      maxExecs: opts.maxExecs,
      currentFile,
    };
    child.send(init);
  });
}

function saveFinding(f: Finding): string {
  const dir = join(REGRESSIONS, f.target);
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha1').update(f.input).digest('hex').slice(0, 12);
  const stored = encodeRegression(f.input);
  const file = join(dir, `${f.kind}-${hash}${stored.ext}`);
  writeFileSync(file, stored.text);
  writeFileSync(join(dir, `${f.kind}-${hash}.txt`), `${f.signature}\n\n${f.message}\n`);
  return file;
}

function printReport(reports: TargetReport[]): void {
  const rows = reports.map((r) => [
    r.target,
    String(r.execs),
    (r.execs / Math.max(r.seconds, 0.001)).toFixed(1),
    String(r.blocks),
    `${r.seeds}->${r.corpus}`,
    String(r.restarts),
    String(r.findings.length),
  ]);
  const head = ['target', 'execs', 'exec/s', 'blocks', 'corpus', 'restarts', 'findings'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`\n${line(head)}\n${rows.map(line).join('\n')}\n`);
  const total = reports.reduce(
    (a, r) => ({ execs: a.execs + r.execs, findings: a.findings + r.findings.length }),
    { execs: 0, findings: 0 },
  );
  process.stdout.write(`total: ${total.execs} executions, ${total.findings} findings\n`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const reports: TargetReport[] = [];
  for (const target of opts.targets) {
    process.stdout.write(`fuzzing ${target.name} for ${opts.budgetSeconds} s: ${target.description}\n`);
    reports.push(await fuzzTarget(target, opts));
  }
  printReport(reports);
  process.exitCode = reports.some((r) => r.findings.length) ? 1 : 0;
}

if (require.main === module) void main();
