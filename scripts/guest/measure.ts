// Measures the s390x test guest: warm `kpw target up` to the first ssh login,
// and one ZPCI_ERROR read on the guest (the baked-in probe, one GET) against a
// bare `ssh guest true` on the same ControlMaster connection, interleaved.
// Usage: node --import tsx scripts/guest/measure.ts [--rounds N] [--boots N]

import { spawnSync } from 'node:child_process';
import { guestDown, guestStatus, guestUp } from '../../src/core/runner/guest/index';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function timed(args: string[], input?: string): { ms: number; ok: boolean; stdout: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync('ssh', args, { input, encoding: 'utf8' });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, ok: r.status === 0, stdout: r.stdout };
}

async function main(): Promise<void> {
  const boots = arg('boots', 3);
  const rounds = arg('rounds', 20);
  const logins: number[] = [];
  for (let i = 0; i < boots; i++) {
    await guestDown('7.3');
    const up = await guestUp({ variant: '7.3', timeoutMs: 300_000 });
    if (!up.ok) throw new Error(up.error);
    logins.push(up.loginMs);
  }
  const status = await guestStatus('7.3');
  if (!status.running || !status.state) throw new Error(status.reason);
  const base = ['-F', status.state.sshConfig, status.state.alias];
  const read = 'kpw-probe 1\ndevice bdf 0001:00:00.0\nstep 0 open\nstep 1 ioctl 1000d 16 32 none\n';
  timed([...base, 'true']); // the ControlMaster is up before anything is timed
  const bare: number[] = [];
  const reads: number[] = [];
  for (let i = 0; i < rounds; i++) {
    bare.push(timed([...base, 'true']).ms);
    const r = timed([...base, 'kpw-probe'], read);
    if (!r.ok || !/"errno":"ENOMSG"|"rc":0/.test(r.stdout.split('\n')[1] ?? ''))
      throw new Error(`the read failed: ${r.stdout}`);
    reads.push(r.ms);
  }
  const result = {
    warmUpToFirstLoginMs: { median: median(logins), all: logins.map(Math.round) },
    sshTrueMs: median(bare),
    zpciErrorReadMs: median(reads),
    ratio: median(reads) / median(bare),
    rounds,
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `warm kpw target up to first ssh login: median ${(result.warmUpToFirstLoginMs.median / 1000).toFixed(1)} s over ${boots} boots; ` +
      `one ZPCI_ERROR read ${result.zpciErrorReadMs.toFixed(0)} ms vs ssh true ${result.sshTrueMs.toFixed(0)} ms on the same connection (x${result.ratio.toFixed(2)}, median of ${rounds})`,
  );
}

main().catch((err: unknown) => {
  console.error(`measure: ${(err as Error).message}`);
  process.exit(1);
});
