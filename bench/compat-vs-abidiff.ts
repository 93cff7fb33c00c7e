// Bench row: kpw's UAPI compatibility comparison (`kpw abi-diff`, every ABI)
// against the scripts/check-uapi.sh pipeline on the same two header sets (per
// ABI: gcc -g of each side, abidw of each object, abidiff of the dumps), CPU time.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffHeaderPairs } from '../src/core/compat/diff-trees';
import { ORACLE_ABIS } from '../test/differential/oracle/abis';
import { HEADERS, newHeaderRoot, newSet, oldSet } from '../test/differential/compat/header-sets';

export interface BenchRow {
  name: string;
  ours: number;
  peer?: number;
  peerName?: string;
  unit: string;
}

/** CPU seconds (user + sys) of a child process and its children. */
function childCpu(cmd: string, args: string[], input?: string): number {
  const r = spawnSync(
    'bash',
    ['-c', 'TIMEFORMAT="%U %S"; { time "$@" >/dev/null 2>&1; } 2>&1', 'bash', cmd, ...args],
    { input, encoding: 'utf8' },
  );
  const [user, sys] = r.stdout.trim().split(/\s+/).slice(-2).map(Number);
  return (user || 0) + (sys || 0);
}

export async function compatVsAbidiff(rows: BenchRow[]): Promise<void> {
  const root = newHeaderRoot();
  if (!root || spawnSync('abidiff', ['--version']).status !== 0) {
    console.log(
      'compat vs abidiff: skipped (run scripts/compat/fetch-headers.sh; apt-get install abigail-tools)',
    );
    return;
  }
  const abis = ORACLE_ABIS.filter((a) => spawnSync(a.gcc, ['--version']).status === 0);
  const pairs = HEADERS.map((h) => ({
    label: h,
    oldFile: join(oldSet(abis[0]).root, h),
    newFile: join(root, h),
  }));
  const start = process.cpuUsage();
  await diffHeaderPairs(pairs, { abis: abis.map((a) => a.name), extensions: true });
  const used = process.cpuUsage(start);
  const ours = (used.user + used.system) / 1e6;
  const dir = mkdtempSync(join(tmpdir(), 'kpw-bench-abidiff-'));
  let peer = 0;
  try {
    for (const abi of abis) {
      for (const header of HEADERS) {
        const objs = [oldSet(abi), newSet(abi, root)].map((set, i) => {
          const obj = join(dir, `${i}.o`);
          const src = `#include <${header}>\nint main(void) { return 0; }\n`;
          const inc = set.gccIncludes.flatMap((d) => ['-I', d]);
          peer += childCpu(
            abi.gcc,
            ['-g', '-fno-eliminate-unused-debug-types', ...inc, '-c', '-x', 'c', '-', '-o', obj],
            src,
          );
          peer += childCpu('abidw', ['--out-file', `${obj}.abi`, obj]);
          return `${obj}.abi`;
        });
        peer += childCpu('abidiff', ['--non-reachable-types', ...objs]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  rows.push({
    name: `UAPI compatibility, Debian 6.1 vs ${root.split('/').slice(-3, -2)[0]}, ${HEADERS.length} headers x ${abis.length} ABIs`,
    ours,
    peer,
    peerName: 'check-uapi.sh pipeline (gcc -g, abidw, abidiff)',
    unit: 's',
  });
}
