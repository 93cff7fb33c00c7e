// `npm run soak`: the long language-server soak (default 5000 edits) on a
// freshly bundled server; prints edits, requests answered, diagnostics rounds
// and RSS, and exits 1 on a hang, an error answer, a crash or RSS growth.
//
// node --import tsx test/soak/run.ts [--edits N] [--seed N]

import { buildServer } from './build-server';
import { runSoak, type SoakReport } from './lsp-soak';

/** The last quarter's median RSS may be at most this factor of the second quarter's (plus a small
 *  slack): generous, it detects unbounded growth, not a few megabytes. Short runs are still warming up. */
export const RSS_FACTOR = 1.5;
export const RSS_FACTOR_SHORT = 2;
export const RSS_SLACK_MB = 32;

/** What is wrong with a soak run, or nothing. */
export function soakProblems(r: SoakReport, edits: number, rssFactor = RSS_FACTOR): string[] {
  const out: string[] = [];
  if (r.edits !== edits) out.push(`only ${r.edits} of ${edits} edits were applied`);
  if (r.answered !== r.requests) out.push(`${r.requests - r.answered} of ${r.requests} requests unanswered`);
  out.push(...r.hangs, ...r.errors);
  if (!r.serverExit || r.serverExit.code !== 0)
    out.push(
      `the server did not exit cleanly after shutdown: ${JSON.stringify(r.serverExit)}\n${r.stderr.slice(-2000)}`,
    );
  if (r.rssLastQuarterMb > r.rssSecondQuarterMb * rssFactor + RSS_SLACK_MB)
    out.push(
      `RSS grew: last quarter ${r.rssLastQuarterMb.toFixed(1)} MB vs second quarter ${r.rssSecondQuarterMb.toFixed(1)} MB`,
    );
  return out;
}

export function summary(r: SoakReport, seconds: number): string {
  return [
    `edits applied:      ${r.edits}`,
    `requests answered:  ${r.answered}/${r.requests} (${r.errors.length} error answers, ${r.hangs.length} hangs)`,
    `diagnostics rounds: ${r.diagnosticRounds}`,
    `RSS (MB):           start ${r.rssStartMb.toFixed(1)}, second quarter ${r.rssSecondQuarterMb.toFixed(1)}, last quarter ${r.rssLastQuarterMb.toFixed(1)}, end ${r.rssEndMb.toFixed(1)} (${r.rssSamples.length} samples)`,
    `server exit:        ${JSON.stringify(r.serverExit)}`,
    `wall time:          ${seconds.toFixed(1)} s`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const edits = value('--edits', 5000);
  const server = await buildServer();
  const started = Date.now();
  try {
    const report = await runSoak({
      serverScript: server.script,
      edits,
      seed: value('--seed', 7),
      log: (l) => process.stdout.write(`${l}\n`),
    });
    process.stdout.write(`\n${summary(report, (Date.now() - started) / 1000)}\n`);
    const problems = soakProblems(report, edits);
    for (const p of problems) process.stdout.write(`PROBLEM: ${p}\n`);
    process.exitCode = problems.length ? 1 : 0;
  } finally {
    server.remove();
  }
}

if (require.main === module) void main();
